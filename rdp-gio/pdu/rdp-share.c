/* rdp-share.c: Share Control / Share Data headers and the finalization PDUs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-share-private.h"
#include "rdp-mcs-private.h"
#include "rdp-i18n-private.h"

gboolean
rdp_share_control_read (RdpPduReader       *reader,
                        RdpShareControlPdu *out_pdu,
                        GError            **error)
{
  RdpPduReader copy = *reader;
  RdpShareControlPdu pdu = { 0 };
  guint16 total_length, pdu_type;
  const guint8 *body;

  if (!rdp_pdu_reader_read_u16le (&copy, &total_length, error))
    return FALSE;

  if (total_length == RDP_SHARE_FLOW_MARKER)
    {
      guint8 pad;

      /* TS_FLOW_PDU: flowMarker, pad8bits, pduTypeFlow, flowIdentifier,
       * flowNumber, pduSource. */
      if (!rdp_pdu_reader_read_u8 (&copy, &pad, error) ||
          !rdp_pdu_reader_read_u8 (&copy, &pdu.flow_type, error) ||
          !rdp_pdu_reader_read_u8 (&copy, &pdu.flow_id, error) ||
          !rdp_pdu_reader_read_u8 (&copy, &pdu.flow_number, error) ||
          !rdp_pdu_reader_read_u16le (&copy, &pdu.source, error))
        return FALSE;
      pdu.type = RDP_SHARE_PDU_FLOW;
      pdu.total_length = RDP_SHARE_FLOW_PDU_SIZE;
      pdu.body = rdp_pdu_reader_peek_ptr (&copy);
      pdu.body_length = 0;
      *reader = copy;
      *out_pdu = pdu;
      return TRUE;
    }

  if (total_length < RDP_SHARE_CONTROL_HEADER_SIZE)
    {
      rdp_pdu_set_invalid (error, _("Share Control PDU length %u is shorter than its header"),
                           (guint) total_length);
      return FALSE;
    }
  if (!rdp_pdu_reader_need (reader, total_length, error))
    return FALSE;
  if (!rdp_pdu_reader_read_u16le (&copy, &pdu_type, error) ||
      !rdp_pdu_reader_read_u16le (&copy, &pdu.source, error) ||
      !rdp_pdu_reader_read_bytes (&copy, total_length - RDP_SHARE_CONTROL_HEADER_SIZE, &body, error))
    return FALSE;
  pdu.type = pdu_type & 0x0f;
  pdu.version = pdu_type & 0xfff0;
  pdu.total_length = total_length;
  pdu.body = body;
  pdu.body_length = total_length - RDP_SHARE_CONTROL_HEADER_SIZE;
  *reader = copy;
  *out_pdu = pdu;
  return TRUE;
}

gboolean
rdp_share_control_decode (const guint8       *data,
                          gsize               length,
                          RdpShareControlPdu *out_pdu,
                          GError            **error)
{
  RdpPduReader reader;
  RdpShareControlPdu pdu;

  rdp_pdu_reader_init (&reader, data, length);
  if (!rdp_share_control_read (&reader, &pdu, error) ||
      !rdp_pdu_reader_expect_end (&reader, "Share Control PDU", error))
    return FALSE;
  *out_pdu = pdu;
  return TRUE;
}

void
rdp_share_iter_init (RdpShareIter *iter,
                     const guint8 *data,
                     gsize         length)
{
  rdp_pdu_reader_init (&iter->reader, data, length);
}

gboolean
rdp_share_iter_next (RdpShareIter       *iter,
                     RdpShareControlPdu *out_pdu,
                     GError            **error)
{
  if (rdp_pdu_reader_remaining (&iter->reader) == 0)
    return FALSE;
  if (!rdp_share_control_read (&iter->reader, out_pdu, error))
    {
      /* Over: a malformed PDU leaves no way to find the next one. */
      iter->reader.pos = iter->reader.len;
      return FALSE;
    }
  return TRUE;
}

void
rdp_share_control_write (GByteArray     *out,
                         RdpSharePduType type,
                         guint16         source,
                         const guint8   *body,
                         gsize           body_length)
{
  g_return_if_fail (body_length <= G_MAXUINT16 - RDP_SHARE_CONTROL_HEADER_SIZE);

  rdp_pdu_write_u16le (out, (guint16) (body_length + RDP_SHARE_CONTROL_HEADER_SIZE));
  rdp_pdu_write_u16le (out, (guint16) (type | RDP_SHARE_PROTOCOL_VERSION));
  rdp_pdu_write_u16le (out, source);
  rdp_pdu_write_bytes (out, body, body_length);
}

gboolean
rdp_share_data_read (const RdpShareControlPdu *pdu,
                     RdpShareDataHeader       *out_header,
                     RdpPduReader             *out_payload,
                     GError                  **error)
{
  RdpPduReader reader;
  RdpShareDataHeader header;

  if (pdu->type != RDP_SHARE_PDU_DATA)
    {
      rdp_pdu_set_invalid (error, _("expected a Share Data PDU, got Share Control PDU type %u"),
                           (guint) pdu->type);
      return FALSE;
    }
  rdp_pdu_reader_init (&reader, pdu->body, pdu->body_length);
  if (!rdp_pdu_reader_read_u32le (&reader, &header.share_id, error) ||
      !rdp_pdu_reader_read_u8 (&reader, &header.pad1, error) ||
      !rdp_pdu_reader_read_u8 (&reader, &header.stream_id, error) ||
      !rdp_pdu_reader_read_u16le (&reader, &header.uncompressed_length, error) ||
      !rdp_pdu_reader_read_u8 (&reader, &header.pdu_type2, error) ||
      !rdp_pdu_reader_read_u8 (&reader, &header.compressed_type, error) ||
      !rdp_pdu_reader_read_u16le (&reader, &header.compressed_length, error))
    return FALSE;
  /* uncompressedLength is not checked: peers fill it in every which way. */
  rdp_pdu_reader_init (out_payload, rdp_pdu_reader_peek_ptr (&reader),
                       rdp_pdu_reader_remaining (&reader));
  *out_header = header;
  return TRUE;
}

void
rdp_share_data_write (GByteArray               *out,
                      guint16                   source,
                      const RdpShareDataHeader *header,
                      const guint8             *payload,
                      gsize                     payload_length)
{
  gsize total = RDP_SHARE_CONTROL_HEADER_SIZE + RDP_SHARE_DATA_HEADER_SIZE + payload_length;

  g_return_if_fail (total <= G_MAXUINT16);

  rdp_pdu_write_u16le (out, (guint16) total);
  rdp_pdu_write_u16le (out, RDP_SHARE_PDU_DATA | RDP_SHARE_PROTOCOL_VERSION);
  rdp_pdu_write_u16le (out, source);
  rdp_pdu_write_u32le (out, header->share_id);
  rdp_pdu_write_u8 (out, header->pad1);
  rdp_pdu_write_u8 (out, header->stream_id);
  rdp_pdu_write_u16le (out, header->uncompressed_length);
  rdp_pdu_write_u8 (out, header->pdu_type2);
  rdp_pdu_write_u8 (out, header->compressed_type);
  rdp_pdu_write_u16le (out, header->compressed_length);
  rdp_pdu_write_bytes (out, payload, payload_length);
}

void
rdp_share_data_header_init (RdpShareDataHeader *header,
                            guint32             share_id,
                            guint8              stream_id,
                            RdpShareDataType    pdu_type2,
                            gsize               payload_length)
{
  header->share_id = share_id;
  header->pad1 = 0;
  header->stream_id = stream_id;
  header->uncompressed_length = (guint16) MIN (payload_length + 4, G_MAXUINT16);
  header->pdu_type2 = pdu_type2;
  header->compressed_type = 0;
  header->compressed_length = 0;
}

/* ---- payloads ---- */

gboolean
rdp_share_read_synchronize (RdpPduReader        *payload,
                            RdpShareSynchronize *out,
                            GError             **error)
{
  RdpShareSynchronize sync;

  if (!rdp_pdu_reader_read_u16le (payload, &sync.message_type, error) ||
      !rdp_pdu_reader_read_u16le (payload, &sync.target_user, error) ||
      !rdp_pdu_reader_expect_end (payload, "Synchronize PDU", error))
    return FALSE;
  *out = sync;
  return TRUE;
}

gboolean
rdp_share_read_control (RdpPduReader    *payload,
                        RdpShareControl *out,
                        GError         **error)
{
  RdpShareControl control;

  if (!rdp_pdu_reader_read_u16le (payload, &control.action, error) ||
      !rdp_pdu_reader_read_u16le (payload, &control.grant_id, error) ||
      !rdp_pdu_reader_read_u32le (payload, &control.control_id, error) ||
      !rdp_pdu_reader_expect_end (payload, "Control PDU", error))
    return FALSE;
  *out = control;
  return TRUE;
}

gboolean
rdp_share_read_font_list (RdpPduReader     *payload,
                          RdpShareFontList *out,
                          GError          **error)
{
  RdpShareFontList fonts;

  if (!rdp_pdu_reader_read_u16le (payload, &fonts.number, error) ||
      !rdp_pdu_reader_read_u16le (payload, &fonts.total_number, error) ||
      !rdp_pdu_reader_read_u16le (payload, &fonts.flags, error) ||
      !rdp_pdu_reader_read_u16le (payload, &fonts.entry_size, error) ||
      !rdp_pdu_reader_expect_end (payload, "Font List/Map PDU", error))
    return FALSE;
  *out = fonts;
  return TRUE;
}

gboolean
rdp_share_read_set_error_info (RdpPduReader *payload,
                               guint32      *out_error_info,
                               GError      **error)
{
  guint32 value;

  if (!rdp_pdu_reader_read_u32le (payload, &value, error) ||
      !rdp_pdu_reader_expect_end (payload, "Set Error Info PDU", error))
    return FALSE;
  *out_error_info = value;
  return TRUE;
}

gboolean
rdp_share_read_save_session_info (RdpPduReader            *payload,
                                  RdpShareSaveSessionInfo *out,
                                  GError                 **error)
{
  RdpShareSaveSessionInfo info;

  if (!rdp_pdu_reader_read_u32le (payload, &info.info_type, error))
    return FALSE;
  info.data_length = rdp_pdu_reader_remaining (payload);
  if (!rdp_pdu_reader_read_bytes (payload, info.data_length, &info.data, error))
    return FALSE;
  *out = info;
  return TRUE;
}

gboolean
rdp_share_read_empty (RdpPduReader *payload,
                      GError      **error)
{
  return rdp_pdu_reader_expect_end (payload, "Share Data PDU", error);
}

gboolean
rdp_share_read_deactivate_all (const RdpShareControlPdu *pdu,
                               RdpShareDeactivateAll    *out,
                               GError                  **error)
{
  RdpShareDeactivateAll deactivate = { 0 };
  RdpPduReader reader;
  guint16 length;

  if (pdu->type != RDP_SHARE_PDU_DEACTIVATE_ALL)
    {
      rdp_pdu_set_invalid (error, _("expected a Deactivate All PDU, got Share Control PDU type %u"),
                           (guint) pdu->type);
      return FALSE;
    }
  rdp_pdu_reader_init (&reader, pdu->body, pdu->body_length);
  if (!rdp_pdu_reader_read_u32le (&reader, &deactivate.share_id, error))
    return FALSE;
  if (rdp_pdu_reader_remaining (&reader) > 0)
    {
      if (!rdp_pdu_reader_read_u16le (&reader, &length, error) ||
          !rdp_pdu_reader_read_bytes (&reader, length, &deactivate.source_descriptor, error) ||
          !rdp_pdu_reader_expect_end (&reader, "Deactivate All PDU", error))
        return FALSE;
      deactivate.has_source_descriptor = TRUE;
      deactivate.source_descriptor_length = length;
    }
  *out = deactivate;
  return TRUE;
}

void
rdp_share_write_synchronize (GByteArray                *out,
                             const RdpShareSynchronize *sync)
{
  rdp_pdu_write_u16le (out, sync->message_type);
  rdp_pdu_write_u16le (out, sync->target_user);
}

void
rdp_share_write_control (GByteArray            *out,
                         const RdpShareControl *control)
{
  rdp_pdu_write_u16le (out, control->action);
  rdp_pdu_write_u16le (out, control->grant_id);
  rdp_pdu_write_u32le (out, control->control_id);
}

void
rdp_share_write_font_list (GByteArray             *out,
                           const RdpShareFontList *fonts)
{
  rdp_pdu_write_u16le (out, fonts->number);
  rdp_pdu_write_u16le (out, fonts->total_number);
  rdp_pdu_write_u16le (out, fonts->flags);
  rdp_pdu_write_u16le (out, fonts->entry_size);
}

void
rdp_share_write_deactivate_all (GByteArray                  *out,
                                guint16                      source,
                                const RdpShareDeactivateAll *deactivate)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();

  rdp_pdu_write_u32le (body, deactivate->share_id);
  if (deactivate->has_source_descriptor)
    {
      g_return_if_fail (deactivate->source_descriptor_length <= 1024);
      rdp_pdu_write_u16le (body, (guint16) deactivate->source_descriptor_length);
      rdp_pdu_write_bytes (body, deactivate->source_descriptor, deactivate->source_descriptor_length);
    }
  rdp_share_control_write (out, RDP_SHARE_PDU_DEACTIVATE_ALL, source, body->data, body->len);
}

static GBytes *
encode_client_data (guint16          user_id,
                    guint32          share_id,
                    RdpShareDataType type,
                    GByteArray      *payload)
{
  GByteArray *out = g_byte_array_new ();
  RdpShareDataHeader header;

  rdp_share_data_header_init (&header, share_id, RDP_SHARE_STREAM_LOW, type, payload->len);
  rdp_share_data_write (out, user_id, &header, payload->data, payload->len);
  g_byte_array_unref (payload);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
rdp_share_encode_client_synchronize (guint16 user_id,
                                     guint32 share_id,
                                     guint16 server_channel_id)
{
  GByteArray *payload = g_byte_array_new ();
  RdpShareSynchronize sync = { RDP_SHARE_SYNCMSGTYPE_SYNC, server_channel_id };

  rdp_share_write_synchronize (payload, &sync);
  return encode_client_data (user_id, share_id, RDP_SHARE_DATA_SYNCHRONIZE, payload);
}

GBytes *
rdp_share_encode_client_control (guint16               user_id,
                                 guint32               share_id,
                                 RdpShareControlAction action)
{
  GByteArray *payload = g_byte_array_new ();
  RdpShareControl control = { action, 0, 0 };

  rdp_share_write_control (payload, &control);
  return encode_client_data (user_id, share_id, RDP_SHARE_DATA_CONTROL, payload);
}

GBytes *
rdp_share_encode_client_font_list (guint16 user_id,
                                   guint32 share_id)
{
  GByteArray *payload = g_byte_array_new ();
  RdpShareFontList fonts = { 0, 0, RDP_SHARE_FONTLIST_FIRST | RDP_SHARE_FONTLIST_LAST, 50 };

  rdp_share_write_font_list (payload, &fonts);
  return encode_client_data (user_id, share_id, RDP_SHARE_DATA_FONT_LIST, payload);
}

GBytes *
rdp_share_encode_shutdown_request (guint16 user_id,
                                   guint32 share_id)
{
  return encode_client_data (user_id, share_id, RDP_SHARE_DATA_SHUTDOWN_REQUEST,
                             g_byte_array_new ());
}

GBytes *
rdp_share_data_frame (guint16            user_channel_id,
                      guint16            io_channel_id,
                      guint32            share_id,
                      RdpShareDataType   pdu_type2,
                      GBytes            *body,
                      GError           **error)
{
  g_autoptr(GByteArray) share = g_byte_array_new ();
  RdpShareDataHeader header;
  gsize length;
  const guint8 *data;

  g_return_val_if_fail (body != NULL, NULL);

  data = g_bytes_get_data (body, &length);
  /* Share Control totalLength is 16 bits: check before it wraps (the TPKT
   * check of the MCS encoder comes after it). */
  if (length > RDP_TPKT_MAX_SIZE - RDP_SHARE_DATA_HEADER_SIZE - RDP_SHARE_CONTROL_HEADER_SIZE)
    {
      rdp_pdu_set_invalid (error, _("A PDU of %lu bytes is longer than the TPKT maximum of %u bytes"),
                           (gulong) (length + RDP_SHARE_DATA_HEADER_SIZE + RDP_SHARE_CONTROL_HEADER_SIZE),
                           (guint) RDP_TPKT_MAX_SIZE);
      return NULL;
    }
  rdp_share_data_header_init (&header, share_id, RDP_SHARE_STREAM_LOW, pdu_type2, length);
  rdp_share_data_write (share, user_channel_id, &header, data, length);
  return rdp_mcs_encode_send_data_request (user_channel_id, io_channel_id, share->data, share->len, error);
}

const char *
rdp_share_data_type_to_string (guint8 pdu_type2)
{
  switch (pdu_type2)
    {
    case RDP_SHARE_DATA_UPDATE: return "Update";
    case RDP_SHARE_DATA_CONTROL: return "Control";
    case RDP_SHARE_DATA_POINTER: return "Pointer";
    case RDP_SHARE_DATA_INPUT: return "Input";
    case RDP_SHARE_DATA_SYNCHRONIZE: return "Synchronize";
    case RDP_SHARE_DATA_REFRESH_RECT: return "Refresh Rect";
    case RDP_SHARE_DATA_PLAY_SOUND: return "Play Sound";
    case RDP_SHARE_DATA_SUPPRESS_OUTPUT: return "Suppress Output";
    case RDP_SHARE_DATA_SHUTDOWN_REQUEST: return "Shutdown Request";
    case RDP_SHARE_DATA_SHUTDOWN_DENIED: return "Shutdown Denied";
    case RDP_SHARE_DATA_SAVE_SESSION_INFO: return "Save Session Info";
    case RDP_SHARE_DATA_FONT_LIST: return "Font List";
    case RDP_SHARE_DATA_FONT_MAP: return "Font Map";
    case RDP_SHARE_DATA_SET_KEYBOARD_INDICATORS: return "Set Keyboard Indicators";
    case RDP_SHARE_DATA_BITMAP_CACHE_PERSISTENT_LIST: return "Persistent Key List";
    case RDP_SHARE_DATA_BITMAP_CACHE_ERROR: return "Bitmap Cache Error";
    case RDP_SHARE_DATA_SET_KEYBOARD_IME_STATUS: return "Set Keyboard IME Status";
    case RDP_SHARE_DATA_OFFSCREEN_CACHE_ERROR: return "Offscreen Cache Error";
    case RDP_SHARE_DATA_SET_ERROR_INFO: return "Set Error Info";
    case RDP_SHARE_DATA_DRAW_NINEGRID_ERROR: return "DrawNineGrid Error";
    case RDP_SHARE_DATA_DRAW_GDIPLUS_ERROR: return "GDI+ Error";
    case RDP_SHARE_DATA_ARC_STATUS: return "Auto-Reconnect Status";
    case RDP_SHARE_DATA_STATUS_INFO: return "Status Info";
    case RDP_SHARE_DATA_MONITOR_LAYOUT: return "Monitor Layout";
    default: return "unknown";
    }
}
