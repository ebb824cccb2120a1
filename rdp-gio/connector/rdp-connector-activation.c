/* rdp-connector-activation.c: capabilities exchange, connection finalization
 * and deactivation-reactivation ([MS-RDPBCGR] 1.3.1.1, 1.3.1.3, 2.2.1.13 to
 * 2.2.1.22)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-connector-state-private.h"
#include "rdp-error-info-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"
#include "rdp-connection-result-private.h"
#include "rdp-secret-private.h"
#include "rdp-mcs-private.h"
#include "rdp-share-private.h"
#include "rdp-capabilities-private.h"

/* Set Error Info with a code other than 0 means the server is about to
 * disconnect and tells why. */
static gboolean
check_set_error_info (RdpPduReader  *payload,
                      GError       **error)
{
  guint32 info;
  g_autofree char *text = NULL;

  if (!rdp_share_read_set_error_info (payload, &info, error))
    return FALSE;
  if (info == 0)
    return TRUE;
  text = rdp_error_info_to_string (info);
  g_set_error_literal (error, RDP_ERROR, RDP_ERROR_DISCONNECTED, text);
  return FALSE;
}

static GBytes *
send_data_request (RdpConnector  *self,
                   GBytes        *share_pdu,
                   GError       **error)
{
  return rdp_mcs_encode_send_data_request (self->user_channel_id, self->io_channel_id,
                                           g_bytes_get_data (share_pdu, NULL),
                                           g_bytes_get_size (share_pdu), error);
}

static GBytes *
finalization_pdus (RdpConnector  *self,
                   GError       **error)
{
  g_autoptr(GBytes) sync = rdp_share_encode_client_synchronize (self->user_channel_id, self->share_id,
                                                                self->server_channel_id);
  g_autoptr(GBytes) cooperate = rdp_share_encode_client_control (self->user_channel_id, self->share_id,
                                                                 RDP_SHARE_CTRLACTION_COOPERATE);
  g_autoptr(GBytes) request = rdp_share_encode_client_control (self->user_channel_id, self->share_id,
                                                               RDP_SHARE_CTRLACTION_REQUEST_CONTROL);
  g_autoptr(GBytes) fonts = rdp_share_encode_client_font_list (self->user_channel_id, self->share_id);
  g_autoptr(GBytes) sync_pdu = NULL;
  g_autoptr(GBytes) cooperate_pdu = NULL;
  g_autoptr(GBytes) request_pdu = NULL;
  g_autoptr(GBytes) fonts_pdu = NULL;

  if ((sync_pdu = send_data_request (self, sync, error)) == NULL ||
      (cooperate_pdu = send_data_request (self, cooperate, error)) == NULL ||
      (request_pdu = send_data_request (self, request, error)) == NULL ||
      (fonts_pdu = send_data_request (self, fonts, error)) == NULL)
    return NULL;
  return rdp_secret_concat (sync_pdu, cooperate_pdu, request_pdu, fonts_pdu, NULL);
}

static GBytes *
receive_demand_active (RdpConnector              *self,
                       const RdpShareControlPdu  *share,
                       GError                   **error)
{
  g_auto(RdpActivePdu) demand = { 0 };
  g_auto(RdpActivePdu) confirm = { 0 };
  g_auto(RdpServerCapabilities) caps = { 0 };
  g_autoptr(GByteArray) confirm_bytes = g_byte_array_new ();
  g_autoptr(GBytes) confirm_share = NULL;
  g_autoptr(GBytes) confirm_pdu = NULL;
  g_autoptr(GBytes) finalization = NULL;
  RdpConnectorConfig *s = self->config;
  RdpConnectionResult *result = self->result;

  if (!rdp_active_pdu_decode (share, &demand, error) ||
      !rdp_server_capabilities_parse (&demand, &caps, error))
    return NULL;

  self->share_id = demand.share_id;
  self->server_channel_id = demand.source;

  result->share_id = demand.share_id;
  result->desktop_width = caps.has_bitmap ? caps.desktop_width : s->desktop_width;
  result->desktop_height = caps.has_bitmap ? caps.desktop_height : s->desktop_height;
  result->color_depth = caps.has_bitmap && caps.preferred_bits_per_pixel ?
                        caps.preferred_bits_per_pixel : s->color_depth;
  result->desktop_resize = caps.has_bitmap && caps.desktop_resize;
  result->fast_path_output = caps.has_general && (caps.extra_flags & RDP_FASTPATH_OUTPUT_SUPPORTED);
  result->multifragment_max_size = caps.has_multifragment_update ? caps.max_request_size : 0;
  result->pointer_cache_size = caps.has_pointer ? caps.pointer_cache_size : 0;
  result->surface_commands = caps.has_surface_commands ? caps.surface_command_flags : 0;
  result->input_flags = caps.has_input ? caps.input_flags : 0;
  result->suppress_output = caps.has_general && caps.suppress_output_support;
  result->frame_acknowledge = caps.has_frame_acknowledge;
  result->large_pointer_flags = caps.has_large_pointer ? caps.large_pointer_flags : 0;

  /* answer with the size and depth the server settled on */
  rdp_connector_init_confirm_active (self, &demand, result, &confirm);
  if (!rdp_active_pdu_write (confirm_bytes, &confirm, error))
    return NULL;
  confirm_share = g_byte_array_free_to_bytes (g_steal_pointer (&confirm_bytes));

  if ((confirm_pdu = send_data_request (self, confirm_share, error)) == NULL ||
      (finalization = finalization_pdus (self, error)) == NULL)
    return NULL;

  self->got_synchronize = self->got_cooperate = self->got_granted_control = FALSE;
  rdp_connector_set_state (self, RDP_CONNECTOR_STATE_FINALIZATION);
  return rdp_secret_concat (confirm_pdu, finalization, NULL);
}

/* At most this many Demand Active PDUs in one Send Data Indication (a
 * server sends one; each answer is about 1 KB). */
#define RDP_CONNECTOR_MAX_DEMAND_ACTIVES_PER_PDU 4

/* Capabilities exchange and finalization: walks the Share Control PDUs of
 * one Send Data Indication; *out_output gets what to send: the answer to
 * the last Demand Active, unless a Deactivate All followed it (the caller
 * frees *out_output on error). */
gboolean
rdp_connector_receive_share_pdus (RdpConnector  *self,
                                  GBytes        *input,
                                  GBytes       **out_output,
                                  GError       **error)
{
  RdpMcsDomainPdu pdu;
  RdpShareIter iter;
  RdpShareControlPdu share;
  GError *local_error = NULL;
  guint n_demand_actives = 0;

  if (!rdp_connector_receive_send_data (input, &pdu, error))
    return FALSE;
  if (self->message_channel_id != 0 && pdu.channel_id == self->message_channel_id)
    return rdp_connector_receive_message_channel (self, &pdu, out_output, error);
  if (pdu.channel_id != self->io_channel_id)
    {
      g_debug ("connector: ignoring a PDU on channel %u", pdu.channel_id);
      return TRUE;
    }

  rdp_share_iter_init (&iter, pdu.user_data, pdu.user_data_length);
  while (rdp_share_iter_next (&iter, &share, &local_error))
    {
      RdpShareDataHeader header;
      RdpPduReader payload;
      GBytes *answer;

      switch (share.type)
        {
        case RDP_SHARE_PDU_DEMAND_ACTIVE:
          if (self->state != RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE)
            {
              g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
                           _("The server sent a Demand Active PDU during the connection finalization"));
              return FALSE;
            }
          /* A hostile server can pack Deactivate All + Demand Active pairs
           * into one PDU; only the last Confirm Active counts, and a few
           * are all that a real server could mean. */
          if (++n_demand_actives > RDP_CONNECTOR_MAX_DEMAND_ACTIVES_PER_PDU)
            {
              g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                           _("The server sent more than %u Demand Active PDUs in one PDU"),
                           (guint) RDP_CONNECTOR_MAX_DEMAND_ACTIVES_PER_PDU);
              return FALSE;
            }
          answer = receive_demand_active (self, &share, error);
          if (answer == NULL)
            return FALSE;
          g_clear_pointer (out_output, g_bytes_unref);
          *out_output = answer;
          /* whatever follows in the same PDU is finalization */
          break;

        case RDP_SHARE_PDU_DEACTIVATE_ALL:
          /* before a Demand Active: skipped; during the finalization: a
           * deactivation-reactivation sequence starts over */
          g_debug ("connector: Deactivate All");
          if (self->state == RDP_CONNECTOR_STATE_FINALIZATION)
            rdp_connector_set_state (self, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
          /* a Confirm Active built earlier in this PDU answers a share that
           * no longer exists */
          g_clear_pointer (out_output, g_bytes_unref);
          break;

        case RDP_SHARE_PDU_DATA:
          if (!rdp_share_data_read (&share, &header, &payload, error))
            return FALSE;
          if (header.compressed_type & RDP_SHARE_PACKET_COMPRESSED)
            {
              g_debug ("connector: ignoring a compressed Share Data PDU");
              break;
            }
          if (header.pdu_type2 == RDP_SHARE_DATA_SET_ERROR_INFO)
            {
              if (!check_set_error_info (&payload, error))
                return FALSE;
              break;
            }
          if (self->state != RDP_CONNECTOR_STATE_FINALIZATION)
            {
              g_debug ("connector: ignoring a %s PDU before the Demand Active",
                       rdp_share_data_type_to_string (header.pdu_type2));
              break;
            }
          switch (header.pdu_type2)
            {
            case RDP_SHARE_DATA_SYNCHRONIZE:
              {
                RdpShareSynchronize sync;

                if (!rdp_share_read_synchronize (&payload, &sync, error))
                  return FALSE;
                self->got_synchronize = TRUE;
              }
              break;
            case RDP_SHARE_DATA_CONTROL:
              {
                RdpShareControl control;

                if (!rdp_share_read_control (&payload, &control, error))
                  return FALSE;
                if (control.action == RDP_SHARE_CTRLACTION_COOPERATE)
                  self->got_cooperate = TRUE;
                else if (control.action == RDP_SHARE_CTRLACTION_GRANTED_CONTROL)
                  self->got_granted_control = TRUE;
              }
              break;
            case RDP_SHARE_DATA_FONT_MAP:
              {
                RdpShareFontList map;

                if (!rdp_share_read_font_list (&payload, &map, error))
                  return FALSE;
                if (!self->got_synchronize || !self->got_cooperate || !self->got_granted_control)
                  g_debug ("connector: Font Map before Synchronize/Cooperate/Granted Control");
                rdp_connector_set_state (self, RDP_CONNECTOR_STATE_CONNECTED);
              }
              break;
            default:
              g_debug ("connector: ignoring a %s PDU during the finalization",
                       rdp_share_data_type_to_string (header.pdu_type2));
              break;
            }
          break;

        case RDP_SHARE_PDU_SERVER_REDIRECT:
          g_set_error (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                       _("The server redirected the client to another server, which is not supported"));
          return FALSE;

        case RDP_SHARE_PDU_CONFIRM_ACTIVE:
        case RDP_SHARE_PDU_FLOW:
        default:
          g_debug ("connector: ignoring a Share Control PDU of type %u", share.type);
          break;
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* A new result for a reactivation: the one handed out stays as it was. */
static void
renew_result (RdpConnector *self)
{
  RdpConnectionResult *old = self->result;
  RdpConnectionResult *result = rdp_connection_result_new ();
  guint n = g_strv_length (old->static_channel_names);

  result->selected_protocol = old->selected_protocol;
  result->io_channel_id = old->io_channel_id;
  result->user_channel_id = old->user_channel_id;
  result->message_channel_id = old->message_channel_id;
  g_strfreev (result->static_channel_names);
  result->static_channel_names = g_strdupv (old->static_channel_names);
  result->static_channel_ids = g_memdup2 (old->static_channel_ids, MAX (1, n) * sizeof (guint16));
  self->result = result;
  rdp_connection_result_unref (old);
}

gboolean
rdp_connector_receive_deactivate_all (RdpConnector  *self,
                                      GBytes        *pdu,
                                      GError       **error)
{
  RdpMcsDomainPdu mcs;
  RdpShareIter iter;
  RdpShareControlPdu share;
  GError *local_error = NULL;

  if (!rdp_connector_decode_domain_pdu (pdu, &mcs, error))
    return FALSE;
  if (mcs.type != RDP_MCS_SEND_DATA_INDICATION || mcs.channel_id != self->io_channel_id)
    return FALSE;

  rdp_share_iter_init (&iter, mcs.user_data, mcs.user_data_length);
  while (rdp_share_iter_next (&iter, &share, &local_error))
    if (share.type == RDP_SHARE_PDU_DEACTIVATE_ALL)
      {
        g_debug ("connector: Deactivate All in the active stage");
        renew_result (self);
        rdp_connector_set_state (self, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
        return TRUE;
      }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return FALSE;
}

