/* rdp-connector-negotiation.c: the X.224 Connection Request and Confirm: the
 * security protocol negotiation ([MS-RDPBCGR] 1.3.1.1, 2.2.1.1, 2.2.1.2)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-connector-state-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"
#include "rdp-x224-private.h"

static guint32
protocols_to_wire (RdpSecurityProtocol protocols)
{
  guint32 wire = 0;

  if (protocols & RDP_SECURITY_PROTOCOL_TLS)
    wire |= RDP_X224_PROTOCOL_SSL;
  if (protocols & RDP_SECURITY_PROTOCOL_HYBRID)
    wire |= RDP_X224_PROTOCOL_HYBRID;
  if (protocols & RDP_SECURITY_PROTOCOL_HYBRID_EX)
    wire |= RDP_X224_PROTOCOL_HYBRID_EX;
  return wire;
}

GBytes *
rdp_connector_send_connection_request (RdpConnector  *self,
                                       GError       **error)
{
  g_autofree char *cookie = NULL;
  RdpX224ConnectionRequest request = { 0 };
  GBytes *bytes;

  if (self->config->username != NULL && self->config->username[0] != '\0')
    {
      GString *ascii = g_string_new (NULL);

      /* mstsc sends at most 9 characters of the user name; keep what can go
       * in an ANSI cookie */
      for (const char *p = self->config->username; *p && ascii->len < 9; p++)
        if (g_ascii_isgraph (*p))
          g_string_append_c (ascii, *p);
      cookie = g_string_free (ascii, ascii->len == 0);
    }

  self->requested_protocols = protocols_to_wire (self->config->security_protocols);
  request.cookie = cookie;
  request.has_negotiation_request = TRUE;
  request.requested_protocols = self->requested_protocols;

  bytes = rdp_x224_encode_connection_request (&request, error);
  if (bytes != NULL)
    rdp_connector_set_state (self, RDP_CONNECTOR_STATE_CONNECTION_CONFIRM);
  return bytes;
}

gboolean
rdp_connector_receive_connection_confirm (RdpConnector  *self,
                                          GBytes        *input,
                                          GError       **error)
{
  RdpX224ConnectionConfirm confirm;
  RdpSecurityProtocol allowed = self->config->security_protocols;
  gsize length;
  const guint8 *data = g_bytes_get_data (input, &length);

  if (!rdp_x224_decode_connection_confirm (data, length, &confirm, error))
    return FALSE;

  switch (confirm.result)
    {
    case RDP_X224_NEGOTIATION_FAILURE:
      if ((confirm.failure_code == RDP_X224_HYBRID_REQUIRED_BY_SERVER ||
           confirm.failure_code == RDP_X224_SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER) &&
          !(allowed & (RDP_SECURITY_PROTOCOL_HYBRID | RDP_SECURITY_PROTOCOL_HYBRID_EX)))
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_NLA_REQUIRED,
                       _("The server requires Network Level Authentication (NLA), "
                         "which the connection settings do not allow"));
          return FALSE;
        }
      g_set_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED,
                   _("The server refused the security negotiation: %s (failure code %u)"),
                   rdp_x224_describe_failure_code (confirm.failure_code),
                   (guint) confirm.failure_code);
      return FALSE;

    case RDP_X224_NEGOTIATION_NONE:
      /* an old server: Standard RDP Security only */
      if (!(allowed & RDP_SECURITY_PROTOCOL_STANDARD))
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED,
                       _("The server supports only Standard RDP Security, which the "
                         "connection settings do not allow"));
          return FALSE;
        }
      self->selected_wire = RDP_X224_PROTOCOL_RDP;
      self->selected = RDP_SECURITY_PROTOCOL_STANDARD;
      break;

    case RDP_X224_NEGOTIATION_RESPONSE:
    default:
      self->extended_client_data = (confirm.flags & RDP_X224_EXTENDED_CLIENT_DATA_SUPPORTED) != 0;
      self->selected_wire = confirm.selected_protocol;
      switch (confirm.selected_protocol)
        {
        case RDP_X224_PROTOCOL_RDP:
          self->selected = RDP_SECURITY_PROTOCOL_STANDARD;
          break;
        case RDP_X224_PROTOCOL_SSL:
          self->selected = RDP_SECURITY_PROTOCOL_TLS;
          break;
        case RDP_X224_PROTOCOL_HYBRID:
          self->selected = RDP_SECURITY_PROTOCOL_HYBRID;
          break;
        case RDP_X224_PROTOCOL_HYBRID_EX:
          self->selected = RDP_SECURITY_PROTOCOL_HYBRID_EX;
          break;
        default:
          g_set_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED,
                       _("The server selected the security protocol 0x%08x, which the "
                         "client did not offer"),
                       (guint) confirm.selected_protocol);
          return FALSE;
        }
      if (!(allowed & self->selected))
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED,
                       _("The server selected the security protocol 0x%08x, which the "
                         "client did not offer"),
                       (guint) confirm.selected_protocol);
          self->selected = RDP_SECURITY_PROTOCOL_NONE;
          return FALSE;
        }
      break;
    }

  self->result->selected_protocol = self->selected;
  if (self->selected == RDP_SECURITY_PROTOCOL_STANDARD)
    rdp_connector_set_state (self, RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE);
  else
    rdp_connector_set_state (self, RDP_CONNECTOR_STATE_SECURITY_UPGRADE);
  return TRUE;
}
