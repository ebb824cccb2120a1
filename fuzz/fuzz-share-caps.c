/* fuzz-share-caps.c: the Share Control/Data, finalization, Demand/Confirm
 * Active and capability set decoders (rdp-gio/pdu/rdp-share.c,
 * rdp-capabilities.c), the Client Info decoders (rdp-client-info.c) and the
 * security header (rdp-security-header.c) on arbitrary bytes
 *
 * Every input goes to every decoder: as the user data of a Send Data PDU
 * (all the Share Control PDUs in it, and what each carries), as a
 * TS_INFO_PACKET, as a whole Client Info PDU, and as a whole TPKT PDU whose
 * Send Data user data then goes through the Share Control decoders.
 *
 * Invariants:
 * - no decoder reads past the length it is given (the input is a heap copy
 *   of exactly that length, so AddressSanitizer sees any over-read);
 * - a decoder either succeeds without an error or fails with an
 *   RDP_ERROR_INVALID_DATA error with a UTF-8 message; nothing leaks;
 * - decoded pointers stay inside the input;
 * - what a decoder accepts, the matching encoder encodes, and encoding is a
 *   fixed point: decoding the encoding and encoding again gives the same
 *   bytes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-capabilities-private.h"
#include "rdp-client-info-private.h"
#include "rdp-mcs-private.h"
#include "rdp-security-header-private.h"
#include "rdp-share-private.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

static void
check_error (const GError *error,
             const char   *what)
{
  FUZZ_CHECK (error != NULL, "%s failed without an error", what);
  FUZZ_CHECK (g_error_matches (error, RDP_ERROR, RDP_ERROR_INVALID_DATA),
              "%s: error %s:%d: %s", what, g_quark_to_string (error->domain), error->code,
              error->message);
  FUZZ_CHECK (error->message != NULL && error->message[0] != '\0' &&
              g_utf8_validate (error->message, -1, NULL), "%s: bad error message", what);
}

#define INSIDE(p, n, data, size) \
  ((n) == 0 || ((const guint8 *) (p) >= (data) && (const guint8 *) (p) + (n) <= (data) + (size)))

/* ---- Share Control ---- */

static gboolean
reencode_payload (const RdpShareDataHeader *header,
                  RdpPduReader             *payload,
                  GByteArray               *out,
                  GError                  **error)
{
  if (header->compressed_type & RDP_SHARE_PACKET_COMPRESSED)
    goto raw;
  switch (header->pdu_type2)
    {
    case RDP_SHARE_DATA_SYNCHRONIZE:
      {
        RdpShareSynchronize sync;

        if (!rdp_share_read_synchronize (payload, &sync, error))
          return FALSE;
        rdp_share_write_synchronize (out, &sync);
        return TRUE;
      }
    case RDP_SHARE_DATA_CONTROL:
      {
        RdpShareControl control;

        if (!rdp_share_read_control (payload, &control, error))
          return FALSE;
        rdp_share_write_control (out, &control);
        return TRUE;
      }
    case RDP_SHARE_DATA_FONT_LIST:
    case RDP_SHARE_DATA_FONT_MAP:
      {
        RdpShareFontList fonts;

        if (!rdp_share_read_font_list (payload, &fonts, error))
          return FALSE;
        rdp_share_write_font_list (out, &fonts);
        return TRUE;
      }
    case RDP_SHARE_DATA_SET_ERROR_INFO:
      {
        guint32 code;

        if (!rdp_share_read_set_error_info (payload, &code, error))
          return FALSE;
        rdp_pdu_write_u32le (out, code);
        return TRUE;
      }
    case RDP_SHARE_DATA_SAVE_SESSION_INFO:
      {
        RdpShareSaveSessionInfo info;

        if (!rdp_share_read_save_session_info (payload, &info, error))
          return FALSE;
        FUZZ_CHECK (INSIDE (info.data, info.data_length, payload->data, payload->len),
                    "Save Session Info data outside its payload");
        rdp_pdu_write_u32le (out, info.info_type);
        rdp_pdu_write_bytes (out, info.data, info.data_length);
        return TRUE;
      }
    case RDP_SHARE_DATA_SHUTDOWN_REQUEST:
    case RDP_SHARE_DATA_SHUTDOWN_DENIED:
      return rdp_share_read_empty (payload, error);
    default:
      break;
    }
raw:
  rdp_pdu_write_bytes (out, rdp_pdu_reader_peek_ptr (payload), rdp_pdu_reader_remaining (payload));
  return TRUE;
}

/* Decodes all the Share Control PDUs of @data and re-encodes them into
 * @out. A PDU that does not decode ends it (FALSE, with @error). */
static gboolean
share_round (const guint8 *data,
             gsize         size,
             GByteArray   *out,
             GError      **error)
{
  RdpShareIter iter;
  RdpShareControlPdu pdu;

  rdp_share_iter_init (&iter, data, size);
  while (rdp_share_iter_next (&iter, &pdu, error))
    {
      FUZZ_CHECK (INSIDE (pdu.body, pdu.body_length, data, size), "Share Control body outside the input");
      switch ((int) pdu.type)
        {
        case RDP_SHARE_PDU_DEMAND_ACTIVE:
        case RDP_SHARE_PDU_CONFIRM_ACTIVE:
          {
            g_auto(RdpActivePdu) active = { 0 };
            g_auto(RdpServerCapabilities) caps = { 0 };
            GError *local = NULL;

            if (!rdp_active_pdu_decode (&pdu, &active, error))
              return FALSE;
            FUZZ_CHECK (active.caps != NULL && active.source_descriptor != NULL, "Active PDU without caps");
            if (!rdp_server_capabilities_parse (&active, &caps, &local))
              {
                check_error (local, "capability sets");
                g_clear_error (&local);
              }
            FUZZ_CHECK (rdp_active_pdu_write (out, &active, &local),
                        "Active PDU: re-encoding failed: %s", local->message);
          }
          break;
        case RDP_SHARE_PDU_DEACTIVATE_ALL:
          {
            RdpShareDeactivateAll deactivate;

            if (!rdp_share_read_deactivate_all (&pdu, &deactivate, error))
              return FALSE;
            FUZZ_CHECK (INSIDE (deactivate.source_descriptor, deactivate.source_descriptor_length, data, size),
                        "source descriptor outside the input");
            rdp_share_write_deactivate_all (out, pdu.source, &deactivate);
          }
          break;
        case RDP_SHARE_PDU_DATA:
          {
            g_autoptr(GByteArray) payload_out = g_byte_array_new ();
            RdpShareDataHeader header;
            RdpPduReader payload;

            if (!rdp_share_data_read (&pdu, &header, &payload, error) ||
                !reencode_payload (&header, &payload, payload_out, error))
              return FALSE;
            rdp_share_data_write (out, pdu.source, &header, payload_out->data, payload_out->len);
          }
          break;
        case RDP_SHARE_PDU_FLOW:
          rdp_pdu_write_u16le (out, RDP_SHARE_FLOW_MARKER);
          rdp_pdu_write_u8 (out, 0);
          rdp_pdu_write_u8 (out, pdu.flow_type);
          rdp_pdu_write_u8 (out, pdu.flow_id);
          rdp_pdu_write_u8 (out, pdu.flow_number);
          rdp_pdu_write_u16le (out, pdu.source);
          break;
        default:
          rdp_share_control_write (out, pdu.type, pdu.source, pdu.body, pdu.body_length);
          break;
        }
    }
  return error == NULL || *error == NULL;
}

static void
fuzz_share (const guint8 *data,
            gsize         size)
{
  g_autoptr(GByteArray) once = g_byte_array_new ();
  g_autoptr(GByteArray) twice = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  if (!share_round (data, size, once, &error))
    {
      check_error (error, "Share Control PDUs");
      return;
    }
  FUZZ_CHECK (once->len <= size, "re-encoding grew: %u > %zu", once->len, size);
  FUZZ_CHECK (share_round (once->data, once->len, twice, &error),
              "Share Control PDUs: their encoding does not decode: %s", error->message);
  FUZZ_CHECK (once->len == twice->len && (once->len == 0 || memcmp (once->data, twice->data, once->len) == 0),
              "Share Control PDUs: encoding is not a fixed point");
}

/* ---- Client Info ---- */

static void
fuzz_client_info (const guint8 *data,
                  gsize         size)
{
  g_auto(RdpClientInfo) info = { 0 };
  g_auto(RdpClientInfo) info2 = { 0 };
  g_autoptr(GByteArray) once = g_byte_array_new ();
  g_autoptr(GByteArray) twice = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  if (!rdp_client_info_decode (data, size, &info, &error))
    {
      check_error (error, "TS_INFO_PACKET");
      return;
    }
  FUZZ_CHECK (info.domain && info.user_name && info.password && info.alternate_shell && info.working_dir,
              "TS_INFO_PACKET: missing strings");
  FUZZ_CHECK (rdp_client_info_write (once, &info, &error),
              "TS_INFO_PACKET: re-encoding failed: %s", error->message);
  FUZZ_CHECK (rdp_client_info_decode (once->data, once->len, &info2, &error),
              "TS_INFO_PACKET: its encoding does not decode: %s", error->message);
  FUZZ_CHECK (info.extended == info2.extended && info.flags == info2.flags &&
              g_strcmp0 (info.user_name, info2.user_name) == 0 &&
              g_strcmp0 (info.password, info2.password) == 0 &&
              g_strcmp0 (info.client_dir, info2.client_dir) == 0,
              "TS_INFO_PACKET: fields changed");
  FUZZ_CHECK (rdp_client_info_write (twice, &info2, &error), "TS_INFO_PACKET: second encoding");
  FUZZ_CHECK (once->len == twice->len && (once->len == 0 || memcmp (once->data, twice->data, once->len) == 0),
              "TS_INFO_PACKET: encoding is not a fixed point");
}

static void
fuzz_client_info_pdu (const guint8 *data,
                      gsize         size)
{
  g_auto(RdpClientInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;
  guint16 initiator, channel;

  if (!rdp_client_info_decode_pdu (data, size, &initiator, &channel, &info, &error))
    {
      check_error (error, "Client Info PDU");
      return;
    }
  FUZZ_CHECK (initiator >= RDP_MCS_BASE_CHANNEL_ID, "initiator %u", initiator);
  again = rdp_client_info_encode_pdu (initiator, channel, &info, &error);
  FUZZ_CHECK (again != NULL, "Client Info PDU: re-encoding failed: %s", error->message);
  g_bytes_unref (g_steal_pointer (&again));
}

/* ---- a whole Send Data PDU ---- */

static void
fuzz_send_data (const guint8 *data,
                gsize         size)
{
  g_autoptr(GError) error = NULL;
  RdpMcsDomainPdu pdu;
  RdpSecurityHeader header;
  RdpPduReader reader;

  if (!rdp_mcs_decode_domain_pdu (data, size, &pdu, &error))
    {
      check_error (error, "domain PDU");
      return;
    }
  if (pdu.type != RDP_MCS_SEND_DATA_REQUEST && pdu.type != RDP_MCS_SEND_DATA_INDICATION)
    return;
  fuzz_share (pdu.user_data, pdu.user_data_length);

  rdp_pdu_reader_init (&reader, pdu.user_data, pdu.user_data_length);
  if (!rdp_security_header_read (&reader, &header, &error))
    {
      check_error (error, "security header");
      FUZZ_CHECK (reader.pos == 0, "a failed read moved the cursor");
      return;
    }
  FUZZ_CHECK ((header.flags & RDP_SEC_FLAGSHI_VALID) || rdp_security_header_flags_hi (&header) == 0,
              "flagsHi used without SEC_FLAGSHI_VALID");
  if (header.flags & RDP_SEC_INFO_PKT)
    fuzz_client_info (rdp_pdu_reader_peek_ptr (&reader), rdp_pdu_reader_remaining (&reader));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* libFuzzer's buffer is exactly @size long; an empty one may be NULL. */
  if (size == 0)
    data = (const uint8_t *) "";

  fuzz_share (data, size);
  fuzz_client_info (data, size);
  fuzz_client_info_pdu (data, size);
  fuzz_send_data (data, size);
  return 0;
}
