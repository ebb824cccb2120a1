/* rdp-mcs.c: sans-I/O codec of the T.125 MCS PDUs of RDP
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-mcs-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/* BER application tags of the Connect PDUs ([T125] 11) */
#define TAG_CONNECT_INITIAL 101
#define TAG_CONNECT_RESPONSE 102

/* ---- DomainParameters ---- */

static void
init_params (RdpMcsDomainParameters *params,
             guint32                 max_channel_ids,
             guint32                 max_user_ids,
             guint32                 max_token_ids,
             guint32                 max_mcs_pdu_size)
{
  params->max_channel_ids = max_channel_ids;
  params->max_user_ids = max_user_ids;
  params->max_token_ids = max_token_ids;
  params->num_priorities = 1;
  params->min_throughput = 0;
  params->max_height = 1;
  params->max_mcs_pdu_size = max_mcs_pdu_size;
  params->protocol_version = 2;
}

void
rdp_mcs_domain_parameters_init_target (RdpMcsDomainParameters *params)
{
  init_params (params, 34, 2, 0, 65535);
}

void
rdp_mcs_domain_parameters_init_minimum (RdpMcsDomainParameters *params)
{
  init_params (params, 1, 1, 1, 1056);
}

void
rdp_mcs_domain_parameters_init_maximum (RdpMcsDomainParameters *params)
{
  init_params (params, 65535, 64535, 65535, 65535);
}

gboolean
rdp_mcs_read_domain_parameters (RdpPduReader           *reader,
                                RdpMcsDomainParameters *out_params,
                                gboolean               *out_unsigned_form,
                                GError                **error)
{
  RdpPduReader seq;
  guint32 *fields[] = {
    &out_params->max_channel_ids, &out_params->max_user_ids, &out_params->max_token_ids,
    &out_params->num_priorities, &out_params->min_throughput, &out_params->max_height,
    &out_params->max_mcs_pdu_size, &out_params->protocol_version,
  };
  gsize i;

  if (!rdp_ber_read_tlv (reader, RDP_BER_TAG_SEQUENCE, "DomainParameters", &seq, error))
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!rdp_ber_read_integer (&seq, fields[i], out_unsigned_form, error))
      return FALSE;
  return rdp_pdu_reader_expect_end (&seq, "DomainParameters", error);
}

void
rdp_mcs_write_domain_parameters (GByteArray                   *out,
                                 const RdpMcsDomainParameters *params,
                                 RdpBerIntegerForm             form)
{
  g_autoptr(GByteArray) seq = g_byte_array_sized_new (32);
  const guint32 fields[] = {
    params->max_channel_ids, params->max_user_ids, params->max_token_ids,
    params->num_priorities, params->min_throughput, params->max_height,
    params->max_mcs_pdu_size, params->protocol_version,
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (fields); i++)
    rdp_ber_write_integer (seq, fields[i], form);
  rdp_ber_write_tlv (out, RDP_BER_TAG_SEQUENCE, seq->data, seq->len);
}

/* ---- Connect-Initial ---- */

static const guint8 default_domain_selector[] = { 0x01 };

void
rdp_mcs_connect_initial_init (RdpMcsConnectInitial *initial,
                              GBytes               *user_data)
{
  memset (initial, 0, sizeof *initial);
  initial->upward_flag = TRUE;
  rdp_mcs_domain_parameters_init_target (&initial->target_parameters);
  rdp_mcs_domain_parameters_init_minimum (&initial->minimum_parameters);
  rdp_mcs_domain_parameters_init_maximum (&initial->maximum_parameters);
  initial->user_data = user_data ? g_bytes_ref (user_data) : NULL;
  initial->integer_form = RDP_BER_INTEGER_DER;
}

void
rdp_mcs_connect_initial_clear (RdpMcsConnectInitial *initial)
{
  g_clear_pointer (&initial->calling_domain_selector, g_bytes_unref);
  g_clear_pointer (&initial->called_domain_selector, g_bytes_unref);
  g_clear_pointer (&initial->user_data, g_bytes_unref);
}

static void
write_octet_string_bytes (GByteArray   *out,
                          GBytes       *bytes,
                          const guint8 *fallback,
                          gsize         fallback_length)
{
  if (bytes)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (bytes, &length);

      rdp_ber_write_octet_string (out, data, length);
    }
  else
    rdp_ber_write_octet_string (out, fallback, fallback_length);
}

static GBytes *
finish_connect_pdu (guint       tag,
                    GByteArray *contents,
                    GError    **error)
{
  GByteArray *out = rdp_data_tpdu_begin ();

  rdp_ber_write_application_tag (out, tag, contents->len);
  rdp_pdu_write_bytes (out, contents->data, contents->len);
  return rdp_data_tpdu_finish (out, error);
}

GBytes *
rdp_mcs_encode_connect_initial (const RdpMcsConnectInitial *initial,
                                GError                    **error)
{
  g_autoptr(GByteArray) contents = g_byte_array_sized_new (512);

  g_return_val_if_fail (initial != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  write_octet_string_bytes (contents, initial->calling_domain_selector,
                            default_domain_selector, sizeof default_domain_selector);
  write_octet_string_bytes (contents, initial->called_domain_selector,
                            default_domain_selector, sizeof default_domain_selector);
  rdp_ber_write_boolean (contents, initial->upward_flag);
  rdp_mcs_write_domain_parameters (contents, &initial->target_parameters, initial->integer_form);
  rdp_mcs_write_domain_parameters (contents, &initial->minimum_parameters, initial->integer_form);
  rdp_mcs_write_domain_parameters (contents, &initial->maximum_parameters, initial->integer_form);
  write_octet_string_bytes (contents, initial->user_data, NULL, 0);

  return finish_connect_pdu (TAG_CONNECT_INITIAL, contents, error);
}

static GBytes *
read_octet_string_bytes (RdpPduReader *reader,
                         GError      **error)
{
  const guint8 *data;
  gsize length;

  if (!rdp_ber_read_octet_string (reader, &data, &length, error))
    return NULL;
  return g_bytes_new (data, length);
}

gboolean
rdp_mcs_decode_connect_initial (const guint8          *data,
                                gsize                  length,
                                RdpMcsConnectInitial  *out_initial,
                                GError               **error)
{
  RdpMcsConnectInitial initial = { 0 };
  RdpPduReader payload, contents;
  gboolean unsigned_form = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_initial != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rdp_data_tpdu_read (data, length, &payload, error) ||
      !rdp_ber_read_application_tag (&payload, TAG_CONNECT_INITIAL, "Connect-Initial",
                                     &contents, error) ||
      !rdp_pdu_reader_expect_end (&payload, "Connect-Initial", error))
    goto fail;

  if (!(initial.calling_domain_selector = read_octet_string_bytes (&contents, error)) ||
      !(initial.called_domain_selector = read_octet_string_bytes (&contents, error)) ||
      !rdp_ber_read_boolean (&contents, &initial.upward_flag, error) ||
      !rdp_mcs_read_domain_parameters (&contents, &initial.target_parameters, &unsigned_form, error) ||
      !rdp_mcs_read_domain_parameters (&contents, &initial.minimum_parameters, &unsigned_form, error) ||
      !rdp_mcs_read_domain_parameters (&contents, &initial.maximum_parameters, &unsigned_form, error) ||
      !(initial.user_data = read_octet_string_bytes (&contents, error)) ||
      !rdp_pdu_reader_expect_end (&contents, "Connect-Initial", error))
    goto fail;

  initial.integer_form = unsigned_form ? RDP_BER_INTEGER_UNSIGNED : RDP_BER_INTEGER_DER;
  *out_initial = initial;
  return TRUE;

fail:
  rdp_mcs_connect_initial_clear (&initial);
  g_prefix_error (error, _("Invalid MCS Connect-Initial: "));
  return FALSE;
}

/* ---- Connect-Response ---- */

void
rdp_mcs_connect_response_clear (RdpMcsConnectResponse *response)
{
  g_clear_pointer (&response->user_data, g_bytes_unref);
}

GBytes *
rdp_mcs_encode_connect_response (const RdpMcsConnectResponse *response,
                                 GError                     **error)
{
  g_autoptr(GByteArray) contents = g_byte_array_sized_new (512);

  g_return_val_if_fail (response != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((guint) response->result >= RDP_MCS_RESULT_COUNT)
    {
      rdp_pdu_set_invalid (error, _("Invalid MCS result %u"), (guint) response->result);
      return NULL;
    }
  rdp_ber_write_enumerated (contents, (guint8) response->result);
  rdp_ber_write_integer (contents, response->called_connect_id, RDP_BER_INTEGER_DER);
  rdp_mcs_write_domain_parameters (contents, &response->domain_parameters, RDP_BER_INTEGER_DER);
  write_octet_string_bytes (contents, response->user_data, NULL, 0);

  return finish_connect_pdu (TAG_CONNECT_RESPONSE, contents, error);
}

gboolean
rdp_mcs_decode_connect_response (const guint8           *data,
                                 gsize                   length,
                                 RdpMcsConnectResponse  *out_response,
                                 GError                **error)
{
  RdpMcsConnectResponse response = { 0 };
  RdpPduReader payload, contents;
  guint8 result;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_response != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rdp_data_tpdu_read (data, length, &payload, error) ||
      !rdp_ber_read_application_tag (&payload, TAG_CONNECT_RESPONSE, "Connect-Response",
                                     &contents, error) ||
      !rdp_pdu_reader_expect_end (&payload, "Connect-Response", error))
    goto fail;

  if (!rdp_ber_read_enumerated (&contents, RDP_MCS_RESULT_COUNT, &result, error) ||
      !rdp_ber_read_integer (&contents, &response.called_connect_id, NULL, error) ||
      !rdp_mcs_read_domain_parameters (&contents, &response.domain_parameters, NULL, error) ||
      !(response.user_data = read_octet_string_bytes (&contents, error)) ||
      !rdp_pdu_reader_expect_end (&contents, "Connect-Response", error))
    goto fail;

  response.result = result;
  *out_response = response;
  return TRUE;

fail:
  rdp_mcs_connect_response_clear (&response);
  g_prefix_error (error, _("Invalid MCS Connect-Response: "));
  return FALSE;
}

/* ---- Domain PDUs ----
 *
 * The first byte holds the 6-bit CHOICE index of DomainMCSPDU; its two low
 * bits are the first bits of the PDU's own SEQUENCE:
 *
 *   erectDomainRequest    04  padding; subHeight, subInterval: PER INTEGER
 *   disconnectProvider-   20  reason (3 bits) in the 2 low bits and the high
 *     Ultimatum               bit of the next byte
 *   attachUserRequest     28  padding
 *   attachUserConfirm     2c  bit 1: initiator present; bit 0 and the 3 high
 *                             bits of the next byte: result (4 bits); then
 *                             initiator - 1001 (2 bytes)
 *   channelJoinRequest    38  padding; initiator - 1001, channelId
 *   channelJoinConfirm    3c  bit 1: channelId present; bit 0 + next byte:
 *                             result; initiator - 1001, requested,
 *                             [channelId]
 *   sendDataRequest       64  padding; initiator - 1001, channelId, a byte
 *   sendDataIndication    68    of priority (2 bits) and segmentation (2
 *                             bits); userData: PER length + bytes
 *
 * FreeRDP and IronRDP read and write the result of a confirm as the whole
 * second byte. Both ways agree on success (00); for a failure the decoder
 * reads X.691's bits when the low five bits of that byte are zero and the
 * whole byte (which must then be below 16) otherwise, so it never mistakes
 * a failure for success. */

const char *
rdp_mcs_result_to_string (RdpMcsResult result)
{
  static const char * const names[RDP_MCS_RESULT_COUNT] = {
    "rt-successful", "rt-domain-merging", "rt-domain-not-hierarchical",
    "rt-no-such-channel", "rt-no-such-domain", "rt-no-such-user", "rt-not-admitted",
    "rt-other-user-id", "rt-parameters-unacceptable", "rt-token-not-available",
    "rt-token-not-possessed", "rt-too-many-channels", "rt-too-many-tokens",
    "rt-too-many-users", "rt-unspecified-failure", "rt-user-rejected",
  };

  return (guint) result < RDP_MCS_RESULT_COUNT ? names[result] : "unknown";
}

const char *
rdp_mcs_reason_to_string (RdpMcsReason reason)
{
  static const char * const names[RDP_MCS_REASON_COUNT] = {
    "rn-domain-disconnected", "rn-provider-initiated", "rn-token-purged",
    "rn-user-requested", "rn-channel-purged",
  };

  return (guint) reason < RDP_MCS_REASON_COUNT ? names[reason] : "unknown";
}

static const char *
domain_pdu_name (guint type)
{
  switch (type)
    {
    case RDP_MCS_ERECT_DOMAIN_REQUEST: return "Erect Domain Request";
    case RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM: return "Disconnect Provider Ultimatum";
    case RDP_MCS_ATTACH_USER_REQUEST: return "Attach User Request";
    case RDP_MCS_ATTACH_USER_CONFIRM: return "Attach User Confirm";
    case RDP_MCS_CHANNEL_JOIN_REQUEST: return "Channel Join Request";
    case RDP_MCS_CHANNEL_JOIN_CONFIRM: return "Channel Join Confirm";
    case RDP_MCS_SEND_DATA_REQUEST: return "Send Data Request";
    case RDP_MCS_SEND_DATA_INDICATION: return "Send Data Indication";
    default: return NULL;
    }
}

static gboolean
read_user_id (RdpPduReader *reader,
              guint16      *out_id,
              GError      **error)
{
  return rdp_per_read_integer16 (reader, RDP_MCS_BASE_CHANNEL_ID, out_id, error);
}

static gboolean
read_result (guint8        first,
             RdpPduReader *reader,
             RdpMcsResult *out_result,
             GError      **error)
{
  guint8 second;

  if (!rdp_pdu_reader_read_u8 (reader, &second, error))
    return FALSE;
  if ((second & 0x1f) == 0)
    *out_result = ((first & 1) << 3) | (second >> 5);
  else if (second < RDP_MCS_RESULT_COUNT && (first & 1) == 0)
    *out_result = second;
  else
    {
      rdp_pdu_set_invalid (error, _("invalid MCS result bits 0x%02x 0x%02x"),
                           (guint) (first & 1), (guint) second);
      return FALSE;
    }
  return TRUE;
}

gboolean
rdp_mcs_decode_domain_pdu_body (const guint8     *data,
                                gsize             length,
                                RdpMcsDomainPdu  *out_pdu,
                                GError          **error)
{
  RdpMcsDomainPdu pdu = { 0 };
  RdpPduReader reader;
  guint8 first, byte;
  const char *name;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_pdu != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rdp_pdu_reader_init (&reader, data, length);
  if (!rdp_pdu_reader_read_u8 (&reader, &first, error))
    goto fail;
  pdu.type = first >> 2;
  name = domain_pdu_name (pdu.type);
  if (name == NULL)
    {
      rdp_pdu_set_invalid (error, _("unsupported type %u"), (guint) pdu.type);
      goto fail;
    }

  switch (pdu.type)
    {
    case RDP_MCS_ERECT_DOMAIN_REQUEST:
      if (!rdp_per_read_integer (&reader, &pdu.sub_height, error) ||
          !rdp_per_read_integer (&reader, &pdu.sub_interval, error))
        goto fail;
      break;

    case RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM:
      if (!rdp_pdu_reader_read_u8 (&reader, &byte, error))
        goto fail;
      pdu.reason = ((first & 3) << 1) | (byte >> 7);
      if ((guint) pdu.reason >= RDP_MCS_REASON_COUNT)
        {
          rdp_pdu_set_invalid (error, _("invalid MCS disconnect reason %u"), (guint) pdu.reason);
          goto fail;
        }
      break;

    case RDP_MCS_ATTACH_USER_REQUEST:
      break;

    case RDP_MCS_ATTACH_USER_CONFIRM:
      pdu.has_initiator = (first & 2) != 0;
      if (!read_result (first, &reader, &pdu.result, error) ||
          (pdu.has_initiator && !read_user_id (&reader, &pdu.initiator, error)))
        goto fail;
      break;

    case RDP_MCS_CHANNEL_JOIN_REQUEST:
      if (!read_user_id (&reader, &pdu.initiator, error) ||
          !rdp_pdu_reader_read_u16be (&reader, &pdu.channel_id, error))
        goto fail;
      break;

    case RDP_MCS_CHANNEL_JOIN_CONFIRM:
      pdu.has_channel_id = (first & 2) != 0;
      if (!read_result (first, &reader, &pdu.result, error) ||
          !read_user_id (&reader, &pdu.initiator, error) ||
          !rdp_pdu_reader_read_u16be (&reader, &pdu.requested_channel_id, error) ||
          (pdu.has_channel_id && !rdp_pdu_reader_read_u16be (&reader, &pdu.channel_id, error)))
        goto fail;
      break;

    case RDP_MCS_SEND_DATA_REQUEST:
    case RDP_MCS_SEND_DATA_INDICATION:
      if (!read_user_id (&reader, &pdu.initiator, error) ||
          !rdp_pdu_reader_read_u16be (&reader, &pdu.channel_id, error) ||
          !rdp_pdu_reader_read_u8 (&reader, &byte, error) ||
          !rdp_per_read_length (&reader, &pdu.user_data_length, &pdu.long_length, error))
        goto fail;
      pdu.priority = byte >> 6;
      pdu.segmentation = (byte >> 4) & 3;
      if (pdu.user_data_length != rdp_pdu_reader_remaining (&reader))
        {
          rdp_pdu_set_invalid (error, _("the userData length is %lu bytes but %lu follow"),
                               (gulong) pdu.user_data_length,
                               (gulong) rdp_pdu_reader_remaining (&reader));
          goto fail;
        }
      if (pdu.long_length && pdu.user_data_length >= 0x80)
        pdu.long_length = FALSE;
      pdu.user_data = rdp_pdu_reader_peek_ptr (&reader);
      reader.pos = reader.len;
      break;

    default:
      g_assert_not_reached ();
    }

  if (!rdp_pdu_reader_expect_end (&reader, name, error))
    goto fail;
  *out_pdu = pdu;
  return TRUE;

fail:
  name = domain_pdu_name (pdu.type);
  if (name)
    g_prefix_error (error, _("Invalid MCS %s: "), name);
  else
    g_prefix_error (error, _("Invalid MCS domain PDU: "));
  return FALSE;
}

gboolean
rdp_mcs_decode_domain_pdu (const guint8     *data,
                           gsize             length,
                           RdpMcsDomainPdu  *out_pdu,
                           GError          **error)
{
  RdpPduReader payload;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_pdu != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rdp_data_tpdu_read (data, length, &payload, error))
    {
      g_prefix_error (error, _("Invalid MCS domain PDU: "));
      return FALSE;
    }
  return rdp_mcs_decode_domain_pdu_body (payload.data, payload.len, out_pdu, error);
}

static gboolean
check_user_id (guint16       id,
               const char   *name,
               GError      **error)
{
  if (id < RDP_MCS_BASE_CHANNEL_ID)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode an MCS %s: user id %u is below %u"),
                           name, (guint) id, (guint) RDP_MCS_BASE_CHANNEL_ID);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_result (RdpMcsResult  result,
              const char   *name,
              GError      **error)
{
  if ((guint) result >= RDP_MCS_RESULT_COUNT)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode an MCS %s: invalid result %u"),
                           name, (guint) result);
      return FALSE;
    }
  return TRUE;
}

gboolean
rdp_mcs_write_domain_pdu_body (GByteArray            *out,
                               const RdpMcsDomainPdu *pdu,
                               GError               **error)
{
  const char *name;
  guint8 first;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (pdu != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = domain_pdu_name (pdu->type);
  if (name == NULL)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode MCS domain PDU type %u"), (guint) pdu->type);
      return FALSE;
    }
  first = (guint8) (pdu->type << 2);

  switch (pdu->type)
    {
    case RDP_MCS_ERECT_DOMAIN_REQUEST:
      rdp_pdu_write_u8 (out, first);
      rdp_per_write_integer (out, pdu->sub_height);
      rdp_per_write_integer (out, pdu->sub_interval);
      break;

    case RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM:
      if ((guint) pdu->reason >= RDP_MCS_REASON_COUNT)
        {
          rdp_pdu_set_invalid (error, _("Cannot encode an MCS %s: invalid reason %u"),
                               name, (guint) pdu->reason);
          return FALSE;
        }
      rdp_pdu_write_u8 (out, first | (pdu->reason >> 1));
      rdp_pdu_write_u8 (out, (guint8) ((pdu->reason & 1) << 7));
      break;

    case RDP_MCS_ATTACH_USER_REQUEST:
      rdp_pdu_write_u8 (out, first);
      break;

    case RDP_MCS_ATTACH_USER_CONFIRM:
      if (!check_result (pdu->result, name, error) ||
          (pdu->has_initiator && !check_user_id (pdu->initiator, name, error)))
        return FALSE;
      rdp_pdu_write_u8 (out, first | (pdu->has_initiator ? 2 : 0) | (pdu->result >> 3));
      rdp_pdu_write_u8 (out, (guint8) ((pdu->result & 7) << 5));
      if (pdu->has_initiator)
        rdp_per_write_integer16 (out, pdu->initiator, RDP_MCS_BASE_CHANNEL_ID);
      break;

    case RDP_MCS_CHANNEL_JOIN_REQUEST:
      if (!check_user_id (pdu->initiator, name, error))
        return FALSE;
      rdp_pdu_write_u8 (out, first);
      rdp_per_write_integer16 (out, pdu->initiator, RDP_MCS_BASE_CHANNEL_ID);
      rdp_pdu_write_u16be (out, pdu->channel_id);
      break;

    case RDP_MCS_CHANNEL_JOIN_CONFIRM:
      if (!check_result (pdu->result, name, error) ||
          !check_user_id (pdu->initiator, name, error))
        return FALSE;
      rdp_pdu_write_u8 (out, first | (pdu->has_channel_id ? 2 : 0) | (pdu->result >> 3));
      rdp_pdu_write_u8 (out, (guint8) ((pdu->result & 7) << 5));
      rdp_per_write_integer16 (out, pdu->initiator, RDP_MCS_BASE_CHANNEL_ID);
      rdp_pdu_write_u16be (out, pdu->requested_channel_id);
      if (pdu->has_channel_id)
        rdp_pdu_write_u16be (out, pdu->channel_id);
      break;

    case RDP_MCS_SEND_DATA_REQUEST:
    case RDP_MCS_SEND_DATA_INDICATION:
      if (!check_user_id (pdu->initiator, name, error))
        return FALSE;
      if (pdu->user_data_length > RDP_MCS_MAX_SEND_DATA_SIZE)
        {
          rdp_pdu_set_invalid (error, _("Cannot encode an MCS %s: %lu bytes of user data are more than %u"),
                               name, (gulong) pdu->user_data_length, (guint) RDP_MCS_MAX_SEND_DATA_SIZE);
          return FALSE;
        }
      g_return_val_if_fail (pdu->user_data != NULL || pdu->user_data_length == 0, FALSE);
      rdp_pdu_write_u8 (out, first);
      rdp_per_write_integer16 (out, pdu->initiator, RDP_MCS_BASE_CHANNEL_ID);
      rdp_pdu_write_u16be (out, pdu->channel_id);
      rdp_pdu_write_u8 (out, (guint8) (((pdu->priority & 3) << 6) | ((pdu->segmentation & 3) << 4)));
      rdp_per_write_length (out, pdu->user_data_length, pdu->long_length);
      rdp_pdu_write_bytes (out, pdu->user_data, pdu->user_data_length);
      break;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

GBytes *
rdp_mcs_encode_domain_pdu (const RdpMcsDomainPdu *pdu,
                           GError               **error)
{
  GByteArray *out;

  g_return_val_if_fail (pdu != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = rdp_data_tpdu_begin ();
  if (!rdp_mcs_write_domain_pdu_body (out, pdu, error))
    {
      g_byte_array_unref (out);
      return NULL;
    }
  return rdp_data_tpdu_finish (out, error);
}

GBytes *
rdp_mcs_encode_erect_domain_request (GError **error)
{
  RdpMcsDomainPdu pdu = { .type = RDP_MCS_ERECT_DOMAIN_REQUEST };

  return rdp_mcs_encode_domain_pdu (&pdu, error);
}

GBytes *
rdp_mcs_encode_attach_user_request (GError **error)
{
  RdpMcsDomainPdu pdu = { .type = RDP_MCS_ATTACH_USER_REQUEST };

  return rdp_mcs_encode_domain_pdu (&pdu, error);
}

GBytes *
rdp_mcs_encode_channel_join_request (guint16  initiator,
                                     guint16  channel_id,
                                     GError **error)
{
  RdpMcsDomainPdu pdu = {
    .type = RDP_MCS_CHANNEL_JOIN_REQUEST,
    .initiator = initiator,
    .channel_id = channel_id,
  };

  return rdp_mcs_encode_domain_pdu (&pdu, error);
}

GBytes *
rdp_mcs_encode_send_data_request (guint16       initiator,
                                  guint16       channel_id,
                                  const guint8 *user_data,
                                  gsize         user_data_length,
                                  GError      **error)
{
  RdpMcsDomainPdu pdu = {
    .type = RDP_MCS_SEND_DATA_REQUEST,
    .initiator = initiator,
    .channel_id = channel_id,
    .priority = RDP_MCS_PRIORITY_HIGH,
    .segmentation = RDP_MCS_SEGMENTATION_BEGIN | RDP_MCS_SEGMENTATION_END,
    .user_data = user_data,
    .user_data_length = user_data_length,
  };

  return rdp_mcs_encode_domain_pdu (&pdu, error);
}
