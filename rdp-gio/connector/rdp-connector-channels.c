/* rdp-connector-channels.c: the MCS part of the sequence: Connect Initial and
 * Response (basic settings exchange), Erect Domain, Attach User and the
 * channel joins ([MS-RDPBCGR] 2.2.1.3 to 2.2.1.9)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-connector-state-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"
#include "rdp-connection-result-private.h"
#include "rdp-secret-private.h"
#include "rdp-mcs-private.h"
#include "rdp-gcc-private.h"

GBytes *
rdp_connector_send_connect_initial (RdpConnector  *self,
                                    GError       **error)
{
  g_auto(RdpGccClientData) data = { 0 };
  g_auto(RdpMcsConnectInitial) initial = { 0 };
  g_autoptr(GBytes) user_data = NULL;
  RdpConnectorConfig *s = self->config;
  RdpGccClientCore *core = &data.core;
  guint16 early = RDP_GCC_RNS_UD_CS_SUPPORT_ERRINFO_PDU |
                  RDP_GCC_RNS_UD_CS_VALID_CONNECTION_TYPE |
                  RDP_GCC_RNS_UD_CS_STRONG_ASYMMETRIC_KEYS |
                  RDP_GCC_RNS_UD_CS_SUPPORT_SKIP_CHANNELJOIN;
  guint16 high_color = 24;
  GBytes *bytes;

  switch (s->color_depth)
    {
    case 15: high_color = 15; break;
    case 16: high_color = 16; break;
    case 24: high_color = 24; break;
    case 32:
    default:
      high_color = 24;
      early |= RDP_GCC_RNS_UD_CS_WANT_32BPP_SESSION;
      break;
    }

  data.has_core = TRUE;
  core->version = RDP_GCC_VERSION_RDP_5;
  core->desktop_width = s->desktop_width;
  core->desktop_height = s->desktop_height;
  core->color_depth = RDP_GCC_COLOR_8BPP;
  core->sas_sequence = RDP_GCC_SAS_DEL;
  core->keyboard_layout = s->keyboard_layout;
  core->client_build = s->client_build;
  core->client_name = s->client_name;
  core->keyboard_type = s->keyboard_type;
  core->keyboard_subtype = s->keyboard_subtype;
  core->keyboard_function_keys = s->keyboard_function_keys;
  core->ime_file_name = NULL;
  core->last_field = RDP_GCC_CORE_SERVER_SELECTED_PROTOCOL;
  core->post_beta2_color_depth = RDP_GCC_COLOR_8BPP;
  core->client_product_id = 1;
  core->serial_number = 0;
  core->high_color_depth = high_color;
  /* RNS_UD_24BPP_SUPPORT | 16BPP | 15BPP | 32BPP */
  core->supported_color_depths = 0x000f;
  core->early_capability_flags = early;
  core->client_dig_product_id = NULL;
  core->connection_type = 6; /* CONNECTION_TYPE_LAN */
  core->server_selected_protocol = self->selected_wire;

  /* no redirection support; redirection version 4 */
  data.has_cluster = TRUE;
  data.cluster_flags = 3u << RDP_GCC_REDIRECTION_VERSION_SHIFT;

  /* With extended client data, a message channel: connect-time
   * auto-detection is answered there (and multitransport declined, should a
   * server offer it unasked). */
  if (self->extended_client_data)
    {
      data.has_message_channel = TRUE;
      data.message_channel_flags = 0;
      core->early_capability_flags |= RDP_GCC_RNS_UD_CS_SUPPORT_NETCHAR_AUTODETECT;
    }

  /* Standard RDP Security only without encryption; nothing with TLS */
  data.has_security = TRUE;
  data.encryption_methods = RDP_GCC_ENCRYPTION_METHOD_NONE;

  if (s->static_channels != NULL)
    for (char **c = s->static_channels; *c; c++)
      if (!rdp_gcc_client_data_add_channel (&data, *c, RDP_GCC_CHANNEL_OPTION_INITIALIZED, error))
        {
          /* the strings belong to the settings */
          core->client_name = NULL;
          return NULL;
        }

  user_data = rdp_gcc_encode_conference_create_request (&data, error);
  /* the strings belong to the settings */
  core->client_name = NULL;
  if (user_data == NULL)
    return NULL;

  rdp_mcs_connect_initial_init (&initial, user_data);
  bytes = rdp_mcs_encode_connect_initial (&initial, error);
  if (bytes != NULL)
    rdp_connector_set_state (self, RDP_CONNECTOR_STATE_BASIC_SETTINGS_RESPONSE);
  return bytes;
}

gboolean
rdp_connector_receive_connect_response (RdpConnector  *self,
                                        GBytes        *input,
                                        GError       **error)
{
  g_auto(RdpMcsConnectResponse) response = { 0 };
  g_auto(RdpGccServerData) data = { 0 };
  RdpConnectorConfig *s = self->config;
  guint n_channels = s->static_channels ? g_strv_length (s->static_channels) : 0;
  gsize length;
  const guint8 *bytes = g_bytes_get_data (input, &length);
  GPtrArray *names;

  if (!rdp_mcs_decode_connect_response (bytes, length, &response, error))
    return FALSE;
  if (response.result != RDP_MCS_RESULT_SUCCESSFUL)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                   _("The server refused the MCS connection: %s"),
                   rdp_mcs_result_to_string (response.result));
      return FALSE;
    }
  if (response.user_data == NULL ||
      !rdp_gcc_decode_conference_create_response (g_bytes_get_data (response.user_data, NULL),
                                                  g_bytes_get_size (response.user_data),
                                                  &data, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                     _("The MCS Connect-Response carries no GCC data"));
      return FALSE;
    }
  if (data.result != 0)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                   _("The server refused the GCC conference (result %u)"), data.result);
      return FALSE;
    }

  if (data.has_security &&
      (data.encryption_method != RDP_GCC_ENCRYPTION_METHOD_NONE ||
       data.encryption_level != RDP_GCC_ENCRYPTION_LEVEL_NONE))
    {
      if (self->selected == RDP_SECURITY_PROTOCOL_STANDARD)
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                       _("The server requires Standard RDP Security with RC4 encryption "
                         "(encryption method 0x%08x, level %u), which is not supported; "
                         "allow TLS on the server"),
                       (guint) data.encryption_method, (guint) data.encryption_level);
          return FALSE;
        }
      g_debug ("connector: encryption method 0x%x level %u over enhanced security, ignored",
               data.encryption_method, data.encryption_level);
    }

  self->io_channel_id = data.has_network ? data.io_channel_id : RDP_MCS_GLOBAL_CHANNEL_ID;
  self->skip_channel_join = data.has_early_capability_flags &&
                            (data.early_capability_flags & RDP_GCC_RNS_UD_SC_SKIP_CHANNELJOIN_SUPPORTED);

  g_array_set_size (self->channel_ids, 0);
  names = g_ptr_array_new ();
  for (guint i = 0; i < n_channels; i++)
    {
      guint16 id;

      if (data.channel_ids == NULL || i >= data.channel_ids->len)
        break;
      id = g_array_index (data.channel_ids, guint16, i);
      if (id == 0)
        continue; /* the server did not open this one */
      g_array_append_val (self->channel_ids, id);
      g_ptr_array_add (names, g_strdup (s->static_channels[i]));
    }
  g_ptr_array_add (names, NULL);

  g_strfreev (self->result->static_channel_names);
  g_free (self->result->static_channel_ids);
  self->result->static_channel_names = (char **) g_ptr_array_free (names, FALSE);
  self->result->static_channel_ids = g_memdup2 (self->channel_ids->data,
                                                MAX (1, self->channel_ids->len) * sizeof (guint16));
  self->result->io_channel_id = self->io_channel_id;
  self->message_channel_id = data.has_message_channel ? data.message_channel_id : 0;
  self->result->message_channel_id = self->message_channel_id;

  rdp_connector_set_state (self, RDP_CONNECTOR_STATE_ATTACH_USER);
  return TRUE;
}

GBytes *
rdp_connector_send_attach_user (RdpConnector  *self,
                                GError       **error)
{
  g_autoptr(GBytes) erect = rdp_mcs_encode_erect_domain_request (error);
  g_autoptr(GBytes) attach = NULL;

  if (erect == NULL)
    return NULL;
  attach = rdp_mcs_encode_attach_user_request (error);
  if (attach == NULL)
    return NULL;
  rdp_connector_set_state (self, RDP_CONNECTOR_STATE_ATTACH_USER_CONFIRM);
  return rdp_secret_concat (erect, attach, NULL);
}

/* Decodes a domain PDU; a Disconnect Provider Ultimatum fails with
 * RDP_ERROR_DISCONNECTED. */
gboolean
rdp_connector_decode_domain_pdu (GBytes           *input,
                                 RdpMcsDomainPdu  *out_pdu,
                                 GError          **error)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (input, &length);

  if (!rdp_mcs_decode_domain_pdu (data, length, out_pdu, error))
    return FALSE;
  if (out_pdu->type == RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_DISCONNECTED,
                   _("The server ended the connection (MCS Disconnect Provider Ultimatum: %s)"),
                   rdp_mcs_reason_to_string (out_pdu->reason));
      return FALSE;
    }
  return TRUE;
}

static gboolean
expect_domain_pdu (const RdpMcsDomainPdu  *pdu,
                   RdpMcsDomainPduType     type,
                   const char             *what,
                   GError                **error)
{
  if (pdu->type == type)
    return TRUE;
  g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
               _("Expected an MCS %s, got MCS PDU type %u"), what, (guint) pdu->type);
  return FALSE;
}

static void
queue_channel_joins (RdpConnector *self)
{
  g_array_set_size (self->join_queue, 0);
  g_array_append_val (self->join_queue, self->user_channel_id);
  g_array_append_val (self->join_queue, self->io_channel_id);
  if (self->message_channel_id != 0)
    g_array_append_val (self->join_queue, self->message_channel_id);
  for (guint i = 0; i < self->channel_ids->len; i++)
    g_array_append_val (self->join_queue, g_array_index (self->channel_ids, guint16, i));
}

gboolean
rdp_connector_receive_attach_user_confirm (RdpConnector  *self,
                                           GBytes        *input,
                                           GError       **error)
{
  RdpMcsDomainPdu pdu;

  if (!rdp_connector_decode_domain_pdu (input, &pdu, error) ||
      !expect_domain_pdu (&pdu, RDP_MCS_ATTACH_USER_CONFIRM, "Attach User Confirm", error))
    return FALSE;
  if (pdu.result != RDP_MCS_RESULT_SUCCESSFUL || !pdu.has_initiator)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                   _("The server refused the MCS Attach User Request: %s"),
                   rdp_mcs_result_to_string (pdu.result));
      return FALSE;
    }
  self->user_channel_id = pdu.initiator;
  self->result->user_channel_id = pdu.initiator;

  if (self->skip_channel_join)
    {
      g_debug ("connector: the server skips the channel joins");
      rdp_connector_set_state (self, RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE);
    }
  else
    {
      queue_channel_joins (self);
      rdp_connector_set_state (self, RDP_CONNECTOR_STATE_CHANNEL_JOIN);
    }
  return TRUE;
}

GBytes *
rdp_connector_send_channel_join (RdpConnector  *self,
                                 GError       **error)
{
  GBytes *bytes;
  guint16 channel = g_array_index (self->join_queue, guint16, 0);

  bytes = rdp_mcs_encode_channel_join_request (self->user_channel_id, channel, error);
  if (bytes == NULL)
    return NULL;
  g_array_remove_index (self->join_queue, 0);
  self->pending_join = channel;
  rdp_connector_set_state (self, RDP_CONNECTOR_STATE_CHANNEL_JOIN_CONFIRM);
  return bytes;
}

gboolean
rdp_connector_receive_channel_join_confirm (RdpConnector  *self,
                                            GBytes        *input,
                                            GError       **error)
{
  RdpMcsDomainPdu pdu;

  if (!rdp_connector_decode_domain_pdu (input, &pdu, error) ||
      !expect_domain_pdu (&pdu, RDP_MCS_CHANNEL_JOIN_CONFIRM, "Channel Join Confirm", error))
    return FALSE;
  if (pdu.requested_channel_id != self->pending_join)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
                   _("The server confirmed joining channel %u, but the client asked to join %u"),
                   pdu.requested_channel_id, self->pending_join);
      return FALSE;
    }
  if (pdu.result != RDP_MCS_RESULT_SUCCESSFUL ||
      (pdu.has_channel_id && pdu.channel_id != self->pending_join))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                   _("The server refused to join channel %u: %s"),
                   self->pending_join, rdp_mcs_result_to_string (pdu.result));
      return FALSE;
    }

  if (self->join_queue->len > 0)
    rdp_connector_set_state (self, RDP_CONNECTOR_STATE_CHANNEL_JOIN);
  else
    rdp_connector_set_state (self, RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE);
  return TRUE;
}

/* The user data of a Send Data Indication (a DPUM fails the step). */
gboolean
rdp_connector_receive_send_data (GBytes           *input,
                                 RdpMcsDomainPdu  *out_pdu,
                                 GError          **error)
{
  if (!rdp_connector_decode_domain_pdu (input, out_pdu, error))
    return FALSE;
  return expect_domain_pdu (out_pdu, RDP_MCS_SEND_DATA_INDICATION, "Send Data Indication", error);
}
