/* rdp-connector-licensing.c: the Client Info PDU (secure settings exchange)
 * and the licensing exchange ([MS-RDPBCGR] 2.2.1.11, [MS-RDPELE] 1.3.3)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-connector-state-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"
#include "rdp-secret-private.h"
#include "rdp-client-info-private.h"
#include "rdp-license-private.h"
#include "rdp-security-header-private.h"
#include "rdp-license-client-private.h"

GBytes *
rdp_connector_send_client_info (RdpConnector  *self,
                                GError       **error)
{
  g_auto(RdpClientInfo) info = { 0 };
  RdpConnectorConfig *s = self->config;
  g_autofree char *user = NULL, *domain = NULL;
  gsize password_size;
  const char *password_data = g_bytes_get_data (s->password, &password_size);
  char *password = g_strndup (password_data, password_size);
  GBytes *bytes;

  rdp_connector_get_credentials (self, &user, &domain);
  rdp_client_info_init (&info, domain, user, password, self->client_address);
  rdp_secret_free_string (password);
  info.performance_flags = s->performance_flags;
  bytes = rdp_client_info_encode_pdu (self->user_channel_id, self->io_channel_id, &info, error);
  if (bytes != NULL)
    rdp_connector_set_state (self, RDP_CONNECTOR_STATE_LICENSING);
  return bytes;
}

static GBytes *
license_pdu (RdpConnector  *self,
                  GBytes        *message,
                  GError       **error)
{
  if (message == NULL)
    return NULL;
  return rdp_security_pdu_encode (self->user_channel_id, self->io_channel_id,
                                      RDP_SEC_LICENSE_PKT, 0,
                                      g_bytes_get_data (message, NULL), g_bytes_get_size (message),
                                      error);
}

/* Licensing ([MS-RDPELE] 1.3.3): STATUS_VALID_CLIENT at once (the usual
 * case over TLS), or License Request → New License Request, Platform
 * Challenge → Response, then New License or STATUS_VALID_CLIENT. Issued
 * licenses are not kept. */
gboolean
rdp_connector_receive_licensing (RdpConnector  *self,
                                 GBytes        *input,
                                 GBytes       **out_output,
                                 GError       **error)
{
  RdpMcsDomainPdu pdu;
  RdpSecurityPdu envelope;
  RdpLicensePreamble preamble;
  RdpPduReader body;
  g_auto(RdpLicenseErrorMessage) message = { 0 };
  g_auto(RdpLicenseNewLicense) license = { 0 };
  g_autoptr(GBytes) answer = NULL;

  if (!rdp_connector_receive_send_data (input, &pdu, error))
    return FALSE;
  if (self->message_channel_id != 0 && pdu.channel_id == self->message_channel_id)
    return rdp_connector_receive_message_channel (self, &pdu, out_output, error);
  if (!rdp_security_pdu_decode_user_data (pdu.user_data, pdu.user_data_length, &envelope, error))
    return FALSE;
  if (!(envelope.header.flags & RDP_SEC_LICENSE_PKT))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
                   _("Expected a licensing PDU, got a PDU with security flags 0x%04x"),
                   envelope.header.flags);
      return FALSE;
    }
  if (!rdp_license_read_preamble (envelope.body, envelope.body_length, &preamble, &body, error))
    return FALSE;

  switch (preamble.msg_type)
    {
    case RDP_LICENSE_ERROR_ALERT:
      if (!rdp_license_decode_error_message (envelope.body, envelope.body_length, &message, error))
        return FALSE;
      if (!rdp_license_error_message_is_valid_client (&message))
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                       _("Licensing failed: the server sent error code 0x%08x (state transition %u)"),
                       (guint) message.error_code, (guint) message.state_transition);
          return FALSE;
        }
      rdp_license_session_clear (&self->license);
      rdp_connector_set_state (self, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
      return TRUE;

    case RDP_LICENSE_REQUEST:
      answer = rdp_license_client_answer_request (&self->license, envelope.body, envelope.body_length,
                                                  self->config->username, self->config->client_name,
                                                  error);
      *out_output = license_pdu (self, answer, error);
      return *out_output != NULL;

    case RDP_LICENSE_PLATFORM_CHALLENGE:
      answer = rdp_license_client_answer_challenge (&self->license, envelope.body, envelope.body_length, error);
      *out_output = license_pdu (self, answer, error);
      return *out_output != NULL;

    case RDP_LICENSE_NEW_LICENSE:
    case RDP_LICENSE_UPGRADE_LICENSE:
      if (!rdp_license_decode_new_license (envelope.body, envelope.body_length, &license, error))
        return FALSE;
      g_debug ("connector: the server issued a license (%u bytes), not kept",
               (guint) g_bytes_get_size (license.encrypted_license_info));
      rdp_license_session_clear (&self->license);
      rdp_connector_set_state (self, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
      return TRUE;

    default:
      g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
                   _("Unexpected licensing message type 0x%02x"), preamble.msg_type);
      return FALSE;
    }
}
