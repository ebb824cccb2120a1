/* rdp-gcc.c: sans-I/O codec of the GCC Conference Create Request/Response
 * and the RDP client and server data blocks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-gcc-private.h"
#include "rdp-per-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/* On the wire (ALIGNED PER, [T124] 8.7 and 11; what mstsc and Windows send):
 *
 *   00                   ConnectData: Key CHOICE object
 *   05 00 14 7c 00 01    OBJECT IDENTIFIER 0.0.20.124.0.1 (T.124 02/98)
 *   LL | 8L LL           connectPDU OCTET STRING length
 *   request:  00         ConnectGCCPDU CHOICE conferenceCreateRequest
 *             08         preamble: only userData present
 *             00 10      conferenceName numeric "1" (SIZE (1..))
 *             00         padding
 *   response: 14         ConnectGCCPDU CHOICE conferenceCreateResponse,
 *                        preamble: userData present
 *             NN NN      nodeID - 1001
 *             01 TT      tag: INTEGER
 *             00         result: ENUMERATED
 *   01                   userData: SET OF, one element
 *   c0                   value present, key CHOICE h221NonStandard
 *   00 "Duca" | "McDn"   OCTET STRING (SIZE (4..255))
 *   LL | 8L LL           value: OCTET STRING, the data blocks */

static const guint32 t124_oid[] = { 0, 0, 20, 124, 0, 1 };
static const guint8 h221_cs_key[4] = { 'D', 'u', 'c', 'a' };
static const guint8 h221_sc_key[4] = { 'M', 'c', 'D', 'n' };

#define CHOICE_CONFERENCE_CREATE_REQUEST 0x00
#define SELECTION_USER_DATA 0x08
#define CHOICE_CONFERENCE_CREATE_RESPONSE 0x14
#define CHOICE_H221_NON_STANDARD 0xc0
#define WINDOWS_CONNECT_PDU_LENGTH 0x2a

#define BLOCK_HEADER_SIZE 4
#define CLIENT_NAME_SIZE 32
#define IME_FILE_NAME_SIZE 64
#define DIG_PRODUCT_ID_SIZE 64
#define CORE_MANDATORY_SIZE (4 + 2 + 2 + 2 + 2 + 4 + 4 + CLIENT_NAME_SIZE + 4 + 4 + 4 + IME_FILE_NAME_SIZE)

/* ---- helpers ---- */

static const char *
block_name (guint16 type)
{
  switch (type)
    {
    case RDP_GCC_CS_CORE: return "CS_CORE";
    case RDP_GCC_CS_SECURITY: return "CS_SECURITY";
    case RDP_GCC_CS_NET: return "CS_NET";
    case RDP_GCC_CS_CLUSTER: return "CS_CLUSTER";
    case RDP_GCC_CS_MCS_MSGCHANNEL: return "CS_MCS_MSGCHANNEL";
    case RDP_GCC_CS_MULTITRANSPORT: return "CS_MULTITRANSPORT";
    case RDP_GCC_SC_CORE: return "SC_CORE";
    case RDP_GCC_SC_SECURITY: return "SC_SECURITY";
    case RDP_GCC_SC_NET: return "SC_NET";
    case RDP_GCC_SC_MCS_MSGCHANNEL: return "SC_MCS_MSGCHANNEL";
    case RDP_GCC_SC_MULTITRANSPORT: return "SC_MULTITRANSPORT";
    default: return "unknown";
    }
}

/* A fixed UTF-16LE field of @size bytes, NUL-terminated unless full. */
static gboolean
read_utf16_field (RdpPduReader *reader,
                  gsize         size,
                  const char   *what,
                  char        **out_string,
                  GError      **error)
{
  const guint8 *bytes;
  gunichar2 units[IME_FILE_NAME_SIZE / 2];
  gsize n, count = size / 2;
  char *string;

  g_assert (count <= G_N_ELEMENTS (units));

  if (!rdp_pdu_reader_read_bytes (reader, size, &bytes, error))
    return FALSE;
  for (n = 0; n < count; n++)
    {
      units[n] = (gunichar2) (bytes[2 * n] | (bytes[2 * n + 1] << 8));
      if (units[n] == 0)
        break;
    }
  string = g_utf16_to_utf8 (units, (glong) n, NULL, NULL, NULL);
  if (string == NULL)
    {
      rdp_pdu_set_invalid (error, _("the %s is not valid UTF-16"), what);
      return FALSE;
    }
  *out_string = string;
  return TRUE;
}

/* Writes @string as UTF-16LE into a field of @size bytes with room for a
 * NUL. */
static gboolean
write_utf16_field (GByteArray *out,
                   const char *string,
                   gsize       size,
                   const char *what,
                   GError    **error)
{
  g_autofree gunichar2 *units = NULL;
  glong count = 0, i;

  if (string != NULL)
    {
      units = g_utf8_to_utf16 (string, -1, NULL, &count, NULL);
      if (units == NULL)
        {
          rdp_pdu_set_invalid (error, _("Cannot encode the %s: it is not valid UTF-8"), what);
          return FALSE;
        }
    }
  if ((gsize) count > size / 2 - 1)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode the %s: it has %ld UTF-16 units, more than %lu"),
                           what, count, (gulong) (size / 2 - 1));
      return FALSE;
    }
  for (i = 0; i < count; i++)
    rdp_pdu_write_u16le (out, units[i]);
  rdp_pdu_write_zeros (out, size - 2 * count);
  return TRUE;
}

/* Block framing for the writers. */
static guint
begin_block (GByteArray *out,
             guint16     type)
{
  guint start = out->len;

  rdp_pdu_write_u16le (out, type);
  rdp_pdu_write_u16le (out, 0);
  return start;
}

static gboolean
end_block (GByteArray *out,
           guint       start,
           GError    **error)
{
  gsize length = out->len - start;

  if (length > G_MAXUINT16)
    {
      guint16 type = out->data[start] | (out->data[start + 1] << 8);

      rdp_pdu_set_invalid (error, _("Cannot encode the %s block: %lu bytes are more than 65535"),
                           block_name (type), (gulong) length);
      return FALSE;
    }
  out->data[start + 2] = length & 0xff;
  out->data[start + 3] = length >> 8;
  return TRUE;
}

static gboolean
write_other_blocks (GByteArray *out,
                    GPtrArray  *blocks,
                    GError    **error)
{
  guint i;

  for (i = 0; blocks && i < blocks->len; i++)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (blocks->pdata[i], &length);

      if (length < BLOCK_HEADER_SIZE || (gsize) (data[2] | (data[3] << 8)) != length)
        {
          rdp_pdu_set_invalid (error, _("Cannot encode a data block of %lu bytes: its header does not give its length"),
                               (gulong) length);
          return FALSE;
        }
      rdp_pdu_write_bytes (out, data, length);
    }
  return TRUE;
}

static void
keep_other_block (GPtrArray   **blocks,
                  const guint8 *data,
                  gsize         length)
{
  if (*blocks == NULL)
    *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (*blocks, g_bytes_new (data, length));
}

static gboolean
duplicate_block (gboolean  *seen,
                 guint16    type,
                 GError   **error)
{
  if (*seen)
    {
      rdp_pdu_set_invalid (error, _("the %s block is present twice"), block_name (type));
      return TRUE;
    }
  *seen = TRUE;
  return FALSE;
}

/* Reads a block header and makes *out_block a reader over its contents. */
static gboolean
read_block (RdpPduReader *reader,
            guint16      *out_type,
            RdpPduReader *out_block,
            const guint8 **out_start,
            GError      **error)
{
  guint16 length;

  *out_start = rdp_pdu_reader_peek_ptr (reader);
  if (!rdp_pdu_reader_read_u16le (reader, out_type, error) ||
      !rdp_pdu_reader_read_u16le (reader, &length, error))
    return FALSE;
  if (length < BLOCK_HEADER_SIZE)
    {
      rdp_pdu_set_invalid (error, _("the %s block length %u is shorter than its header"),
                           block_name (*out_type), (guint) length);
      return FALSE;
    }
  if ((gsize) length - BLOCK_HEADER_SIZE > rdp_pdu_reader_remaining (reader))
    {
      rdp_pdu_set_invalid (error, _("the %s block length %u is longer than the %lu bytes that remain"),
                           block_name (*out_type), (guint) length,
                           (gulong) (rdp_pdu_reader_remaining (reader) + BLOCK_HEADER_SIZE));
      return FALSE;
    }
  return rdp_pdu_reader_sub (reader, length - BLOCK_HEADER_SIZE, out_block, error);
}

/* ---- client data ---- */

void
rdp_gcc_client_data_clear (RdpGccClientData *data)
{
  g_clear_pointer (&data->core.client_name, g_free);
  g_clear_pointer (&data->core.ime_file_name, g_free);
  g_clear_pointer (&data->core.client_dig_product_id, g_free);
  g_clear_pointer (&data->channels, g_array_unref);
  g_clear_pointer (&data->other_blocks, g_ptr_array_unref);
}

gboolean
rdp_gcc_client_data_add_channel (RdpGccClientData *data,
                                 const char       *name,
                                 guint32           options,
                                 GError          **error)
{
  RdpGccChannelDef def = { { 0 }, options };
  gsize length, i;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  length = strlen (name);
  for (i = 0; i < length; i++)
    if (!g_ascii_isgraph (name[i]))
      break;
  if (length == 0 || length > RDP_GCC_CHANNEL_NAME_SIZE - 1 || i < length)
    {
      rdp_pdu_set_invalid (error, _("Invalid static channel name “%s”: it must be 1 to 7 printable ASCII characters"),
                           name);
      return FALSE;
    }
  memcpy (def.name, name, length);
  if (data->channels == NULL)
    data->channels = g_array_new (FALSE, TRUE, sizeof (RdpGccChannelDef));
  g_array_append_val (data->channels, def);
  data->has_network = TRUE;
  return TRUE;
}

static gboolean
write_client_core (GByteArray             *out,
                   const RdpGccClientCore *core,
                   GError                **error)
{
  guint start = begin_block (out, RDP_GCC_CS_CORE);

  rdp_pdu_write_u32le (out, core->version);
  rdp_pdu_write_u16le (out, core->desktop_width);
  rdp_pdu_write_u16le (out, core->desktop_height);
  rdp_pdu_write_u16le (out, core->color_depth);
  rdp_pdu_write_u16le (out, core->sas_sequence);
  rdp_pdu_write_u32le (out, core->keyboard_layout);
  rdp_pdu_write_u32le (out, core->client_build);
  if (!write_utf16_field (out, core->client_name, CLIENT_NAME_SIZE, "clientName", error))
    return FALSE;
  rdp_pdu_write_u32le (out, core->keyboard_type);
  rdp_pdu_write_u32le (out, core->keyboard_subtype);
  rdp_pdu_write_u32le (out, core->keyboard_function_keys);
  if (!write_utf16_field (out, core->ime_file_name, IME_FILE_NAME_SIZE, "imeFileName", error))
    return FALSE;

#define UP_TO(field) (core->last_field >= RDP_GCC_CORE_ ## field)
  if (UP_TO (POST_BETA2_COLOR_DEPTH))
    rdp_pdu_write_u16le (out, core->post_beta2_color_depth);
  if (UP_TO (CLIENT_PRODUCT_ID))
    rdp_pdu_write_u16le (out, core->client_product_id);
  if (UP_TO (SERIAL_NUMBER))
    rdp_pdu_write_u32le (out, core->serial_number);
  if (UP_TO (HIGH_COLOR_DEPTH))
    rdp_pdu_write_u16le (out, core->high_color_depth);
  if (UP_TO (SUPPORTED_COLOR_DEPTHS))
    rdp_pdu_write_u16le (out, core->supported_color_depths);
  if (UP_TO (EARLY_CAPABILITY_FLAGS))
    rdp_pdu_write_u16le (out, core->early_capability_flags);
  if (UP_TO (CLIENT_DIG_PRODUCT_ID) &&
      !write_utf16_field (out, core->client_dig_product_id, DIG_PRODUCT_ID_SIZE,
                          "clientDigProductId", error))
    return FALSE;
  if (UP_TO (CONNECTION_TYPE))
    rdp_pdu_write_u8 (out, core->connection_type);
  if (UP_TO (PAD1OCTET))
    rdp_pdu_write_u8 (out, core->pad1octet);
  if (UP_TO (SERVER_SELECTED_PROTOCOL))
    rdp_pdu_write_u32le (out, core->server_selected_protocol);
  if (UP_TO (DESKTOP_PHYSICAL_WIDTH))
    rdp_pdu_write_u32le (out, core->desktop_physical_width);
  if (UP_TO (DESKTOP_PHYSICAL_HEIGHT))
    rdp_pdu_write_u32le (out, core->desktop_physical_height);
  if (UP_TO (DESKTOP_ORIENTATION))
    rdp_pdu_write_u16le (out, core->desktop_orientation);
  if (UP_TO (DESKTOP_SCALE_FACTOR))
    rdp_pdu_write_u32le (out, core->desktop_scale_factor);
  if (UP_TO (DEVICE_SCALE_FACTOR))
    rdp_pdu_write_u32le (out, core->device_scale_factor);
#undef UP_TO

  return end_block (out, start, error);
}

static gboolean
read_client_core (RdpPduReader     *block,
                  RdpGccClientCore *core,
                  GError          **error)
{
  if (!rdp_pdu_reader_need (block, CORE_MANDATORY_SIZE, error))
    return FALSE;
  /* Cannot fail now, up to the optional fields (but for the strings). */
  rdp_pdu_reader_read_u32le (block, &core->version, NULL);
  rdp_pdu_reader_read_u16le (block, &core->desktop_width, NULL);
  rdp_pdu_reader_read_u16le (block, &core->desktop_height, NULL);
  rdp_pdu_reader_read_u16le (block, &core->color_depth, NULL);
  rdp_pdu_reader_read_u16le (block, &core->sas_sequence, NULL);
  rdp_pdu_reader_read_u32le (block, &core->keyboard_layout, NULL);
  rdp_pdu_reader_read_u32le (block, &core->client_build, NULL);
  if (!read_utf16_field (block, CLIENT_NAME_SIZE, "clientName", &core->client_name, error))
    return FALSE;
  rdp_pdu_reader_read_u32le (block, &core->keyboard_type, NULL);
  rdp_pdu_reader_read_u32le (block, &core->keyboard_subtype, NULL);
  rdp_pdu_reader_read_u32le (block, &core->keyboard_function_keys, NULL);
  if (!read_utf16_field (block, IME_FILE_NAME_SIZE, "imeFileName", &core->ime_file_name, error))
    return FALSE;
  core->last_field = RDP_GCC_CORE_IME_FILE_NAME;

  /* Each optional field when all of it is there. */
#define OPTIONAL(field, size, read)                                     \
  G_STMT_START {                                                        \
    if (rdp_pdu_reader_remaining (block) < (size))                      \
      return TRUE;                                                      \
    read;                                                               \
    core->last_field = RDP_GCC_CORE_ ## field;                          \
  } G_STMT_END
  OPTIONAL (POST_BETA2_COLOR_DEPTH, 2, rdp_pdu_reader_read_u16le (block, &core->post_beta2_color_depth, NULL));
  OPTIONAL (CLIENT_PRODUCT_ID, 2, rdp_pdu_reader_read_u16le (block, &core->client_product_id, NULL));
  OPTIONAL (SERIAL_NUMBER, 4, rdp_pdu_reader_read_u32le (block, &core->serial_number, NULL));
  OPTIONAL (HIGH_COLOR_DEPTH, 2, rdp_pdu_reader_read_u16le (block, &core->high_color_depth, NULL));
  OPTIONAL (SUPPORTED_COLOR_DEPTHS, 2, rdp_pdu_reader_read_u16le (block, &core->supported_color_depths, NULL));
  OPTIONAL (EARLY_CAPABILITY_FLAGS, 2, rdp_pdu_reader_read_u16le (block, &core->early_capability_flags, NULL));
  OPTIONAL (CLIENT_DIG_PRODUCT_ID, DIG_PRODUCT_ID_SIZE,
            if (!read_utf16_field (block, DIG_PRODUCT_ID_SIZE, "clientDigProductId",
                                   &core->client_dig_product_id, error))
              return FALSE);
  OPTIONAL (CONNECTION_TYPE, 1, rdp_pdu_reader_read_u8 (block, &core->connection_type, NULL));
  OPTIONAL (PAD1OCTET, 1, rdp_pdu_reader_read_u8 (block, &core->pad1octet, NULL));
  OPTIONAL (SERVER_SELECTED_PROTOCOL, 4, rdp_pdu_reader_read_u32le (block, &core->server_selected_protocol, NULL));
  OPTIONAL (DESKTOP_PHYSICAL_WIDTH, 4, rdp_pdu_reader_read_u32le (block, &core->desktop_physical_width, NULL));
  OPTIONAL (DESKTOP_PHYSICAL_HEIGHT, 4, rdp_pdu_reader_read_u32le (block, &core->desktop_physical_height, NULL));
  OPTIONAL (DESKTOP_ORIENTATION, 2, rdp_pdu_reader_read_u16le (block, &core->desktop_orientation, NULL));
  OPTIONAL (DESKTOP_SCALE_FACTOR, 4, rdp_pdu_reader_read_u32le (block, &core->desktop_scale_factor, NULL));
  OPTIONAL (DEVICE_SCALE_FACTOR, 4, rdp_pdu_reader_read_u32le (block, &core->device_scale_factor, NULL));
#undef OPTIONAL
  return TRUE;
}

static gboolean
read_client_network (RdpPduReader     *block,
                     RdpGccClientData *data,
                     GError          **error)
{
  guint32 count, i;

  if (!rdp_pdu_reader_read_u32le (block, &count, error))
    return FALSE;
  if (count > rdp_pdu_reader_remaining (block) / 12)
    {
      rdp_pdu_set_invalid (error, _("CS_NET says %u channels but has room for %lu"),
                           count, (gulong) (rdp_pdu_reader_remaining (block) / 12));
      return FALSE;
    }
  data->channels = g_array_sized_new (FALSE, TRUE, sizeof (RdpGccChannelDef), count);
  for (i = 0; i < count; i++)
    {
      RdpGccChannelDef def = { { 0 }, 0 };
      const guint8 *name;

      rdp_pdu_reader_read_bytes (block, RDP_GCC_CHANNEL_NAME_SIZE, &name, NULL);
      memcpy (def.name, name, RDP_GCC_CHANNEL_NAME_SIZE);
      rdp_pdu_reader_read_u32le (block, &def.options, NULL);
      g_array_append_val (data->channels, def);
    }
  return TRUE;
}

gboolean
rdp_gcc_decode_client_data (const guint8      *blocks,
                            gsize              length,
                            RdpGccClientData  *out_data,
                            GError           **error)
{
  RdpGccClientData data = { 0 };
  RdpPduReader reader;

  g_return_val_if_fail (blocks != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rdp_pdu_reader_init (&reader, blocks, length);
  while (rdp_pdu_reader_remaining (&reader) > 0)
    {
      RdpPduReader block;
      const guint8 *start;
      guint16 type;
      gboolean ok = TRUE;

      if (!read_block (&reader, &type, &block, &start, error))
        goto fail;
      switch (type)
        {
        case RDP_GCC_CS_CORE:
          ok = !duplicate_block (&data.has_core, type, error) &&
               read_client_core (&block, &data.core, error);
          break;
        case RDP_GCC_CS_SECURITY:
          ok = !duplicate_block (&data.has_security, type, error) &&
               rdp_pdu_reader_read_u32le (&block, &data.encryption_methods, error) &&
               rdp_pdu_reader_read_u32le (&block, &data.ext_encryption_methods, error);
          break;
        case RDP_GCC_CS_NET:
          ok = !duplicate_block (&data.has_network, type, error) &&
               read_client_network (&block, &data, error);
          break;
        case RDP_GCC_CS_CLUSTER:
          ok = !duplicate_block (&data.has_cluster, type, error) &&
               rdp_pdu_reader_read_u32le (&block, &data.cluster_flags, error) &&
               rdp_pdu_reader_read_u32le (&block, &data.redirected_session_id, error);
          break;
        case RDP_GCC_CS_MCS_MSGCHANNEL:
          ok = !duplicate_block (&data.has_message_channel, type, error) &&
               rdp_pdu_reader_read_u32le (&block, &data.message_channel_flags, error);
          break;
        case RDP_GCC_CS_MULTITRANSPORT:
          ok = !duplicate_block (&data.has_multitransport, type, error) &&
               rdp_pdu_reader_read_u32le (&block, &data.multitransport_flags, error);
          break;
        default:
          keep_other_block (&data.other_blocks, start, block.len + BLOCK_HEADER_SIZE);
          break;
        }
      if (!ok)
        {
          g_prefix_error (error, _("in the %s block: "), block_name (type));
          goto fail;
        }
    }

  *out_data = data;
  return TRUE;

fail:
  rdp_gcc_client_data_clear (&data);
  g_prefix_error (error, _("Invalid client data: "));
  return FALSE;
}

gboolean
rdp_gcc_write_client_data (GByteArray             *out,
                           const RdpGccClientData *data,
                           GError                **error)
{
  guint start, i;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (data->has_core && !write_client_core (out, &data->core, error))
    return FALSE;
  if (data->has_cluster)
    {
      start = begin_block (out, RDP_GCC_CS_CLUSTER);
      rdp_pdu_write_u32le (out, data->cluster_flags);
      rdp_pdu_write_u32le (out, data->redirected_session_id);
      end_block (out, start, NULL);
    }
  if (data->has_security)
    {
      start = begin_block (out, RDP_GCC_CS_SECURITY);
      rdp_pdu_write_u32le (out, data->encryption_methods);
      rdp_pdu_write_u32le (out, data->ext_encryption_methods);
      end_block (out, start, NULL);
    }
  if (data->has_network)
    {
      guint count = data->channels ? data->channels->len : 0;

      start = begin_block (out, RDP_GCC_CS_NET);
      rdp_pdu_write_u32le (out, count);
      for (i = 0; i < count; i++)
        {
          const RdpGccChannelDef *def = &g_array_index (data->channels, RdpGccChannelDef, i);
          gsize name_length = strnlen (def->name, RDP_GCC_CHANNEL_NAME_SIZE);

          rdp_pdu_write_bytes (out, (const guint8 *) def->name, name_length);
          rdp_pdu_write_zeros (out, RDP_GCC_CHANNEL_NAME_SIZE - name_length);
          rdp_pdu_write_u32le (out, def->options);
        }
      if (!end_block (out, start, error))
        return FALSE;
    }
  if (data->has_message_channel)
    {
      start = begin_block (out, RDP_GCC_CS_MCS_MSGCHANNEL);
      rdp_pdu_write_u32le (out, data->message_channel_flags);
      end_block (out, start, NULL);
    }
  if (data->has_multitransport)
    {
      start = begin_block (out, RDP_GCC_CS_MULTITRANSPORT);
      rdp_pdu_write_u32le (out, data->multitransport_flags);
      end_block (out, start, NULL);
    }
  return write_other_blocks (out, data->other_blocks, error);
}

/* ---- server data ---- */

void
rdp_gcc_server_data_clear (RdpGccServerData *data)
{
  g_clear_pointer (&data->server_random, g_bytes_unref);
  g_clear_pointer (&data->server_certificate, g_bytes_unref);
  g_clear_pointer (&data->channel_ids, g_array_unref);
  g_clear_pointer (&data->other_blocks, g_ptr_array_unref);
}

static gboolean
read_server_core (RdpPduReader     *block,
                  RdpGccServerData *data,
                  GError          **error)
{
  if (!rdp_pdu_reader_read_u32le (block, &data->version, error))
    return FALSE;
  if (rdp_pdu_reader_remaining (block) >= 4)
    {
      rdp_pdu_reader_read_u32le (block, &data->client_requested_protocols, NULL);
      data->has_client_requested_protocols = TRUE;
    }
  if (data->has_client_requested_protocols && rdp_pdu_reader_remaining (block) >= 4)
    {
      rdp_pdu_reader_read_u32le (block, &data->early_capability_flags, NULL);
      data->has_early_capability_flags = TRUE;
    }
  return TRUE;
}

static gboolean
read_server_security (RdpPduReader     *block,
                      RdpGccServerData *data,
                      GError          **error)
{
  guint32 random_length, certificate_length;
  const guint8 *random, *certificate;

  if (!rdp_pdu_reader_read_u32le (block, &data->encryption_method, error) ||
      !rdp_pdu_reader_read_u32le (block, &data->encryption_level, error))
    return FALSE;
  if (rdp_pdu_reader_remaining (block) < 8)
    return TRUE;
  rdp_pdu_reader_read_u32le (block, &random_length, NULL);
  rdp_pdu_reader_read_u32le (block, &certificate_length, NULL);
  if (!rdp_pdu_reader_read_bytes (block, random_length, &random, error) ||
      !rdp_pdu_reader_read_bytes (block, certificate_length, &certificate, error))
    return FALSE;
  data->server_random = g_bytes_new (random, random_length);
  data->server_certificate = g_bytes_new (certificate, certificate_length);
  return TRUE;
}

static gboolean
read_server_network (RdpPduReader     *block,
                     RdpGccServerData *data,
                     GError          **error)
{
  guint16 count, i;

  if (!rdp_pdu_reader_read_u16le (block, &data->io_channel_id, error) ||
      !rdp_pdu_reader_read_u16le (block, &count, error) ||
      !rdp_pdu_reader_need (block, 2 * (gsize) count, error))
    return FALSE;
  data->channel_ids = g_array_sized_new (FALSE, TRUE, sizeof (guint16), count);
  for (i = 0; i < count; i++)
    {
      guint16 id;

      rdp_pdu_reader_read_u16le (block, &id, NULL);
      g_array_append_val (data->channel_ids, id);
    }
  /* A 2-byte pad follows when count is odd; it is not checked. */
  return TRUE;
}

gboolean
rdp_gcc_decode_server_data (const guint8      *blocks,
                            gsize              length,
                            RdpGccServerData  *out_data,
                            GError           **error)
{
  RdpGccServerData data = { 0 };
  RdpPduReader reader;

  g_return_val_if_fail (blocks != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rdp_pdu_reader_init (&reader, blocks, length);
  while (rdp_pdu_reader_remaining (&reader) > 0)
    {
      RdpPduReader block;
      const guint8 *start;
      guint16 type;
      gboolean ok = TRUE;

      if (!read_block (&reader, &type, &block, &start, error))
        goto fail;
      switch (type)
        {
        case RDP_GCC_SC_CORE:
          ok = !duplicate_block (&data.has_core, type, error) &&
               read_server_core (&block, &data, error);
          break;
        case RDP_GCC_SC_SECURITY:
          ok = !duplicate_block (&data.has_security, type, error) &&
               read_server_security (&block, &data, error);
          break;
        case RDP_GCC_SC_NET:
          ok = !duplicate_block (&data.has_network, type, error) &&
               read_server_network (&block, &data, error);
          break;
        case RDP_GCC_SC_MCS_MSGCHANNEL:
          ok = !duplicate_block (&data.has_message_channel, type, error) &&
               rdp_pdu_reader_read_u16le (&block, &data.message_channel_id, error);
          break;
        case RDP_GCC_SC_MULTITRANSPORT:
          ok = !duplicate_block (&data.has_multitransport, type, error) &&
               rdp_pdu_reader_read_u32le (&block, &data.multitransport_flags, error);
          break;
        default:
          keep_other_block (&data.other_blocks, start, block.len + BLOCK_HEADER_SIZE);
          break;
        }
      if (!ok)
        {
          g_prefix_error (error, _("in the %s block: "), block_name (type));
          goto fail;
        }
    }

  *out_data = data;
  return TRUE;

fail:
  rdp_gcc_server_data_clear (&data);
  g_prefix_error (error, _("Invalid server data: "));
  return FALSE;
}

gboolean
rdp_gcc_write_server_data (GByteArray             *out,
                           const RdpGccServerData *data,
                           GError                **error)
{
  guint start, i;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (data->has_core)
    {
      start = begin_block (out, RDP_GCC_SC_CORE);
      rdp_pdu_write_u32le (out, data->version);
      if (data->has_client_requested_protocols)
        {
          rdp_pdu_write_u32le (out, data->client_requested_protocols);
          if (data->has_early_capability_flags)
            rdp_pdu_write_u32le (out, data->early_capability_flags);
        }
      end_block (out, start, NULL);
    }
  if (data->has_network)
    {
      guint count = data->channel_ids ? data->channel_ids->len : 0;

      if (count > G_MAXUINT16)
        {
          rdp_pdu_set_invalid (error, _("Cannot encode %u channel ids in SC_NET"), count);
          return FALSE;
        }
      start = begin_block (out, RDP_GCC_SC_NET);
      rdp_pdu_write_u16le (out, data->io_channel_id);
      rdp_pdu_write_u16le (out, (guint16) count);
      for (i = 0; i < count; i++)
        rdp_pdu_write_u16le (out, g_array_index (data->channel_ids, guint16, i));
      if (count % 2 == 1)
        rdp_pdu_write_u16le (out, 0);
      if (!end_block (out, start, error))
        return FALSE;
    }
  if (data->has_security)
    {
      start = begin_block (out, RDP_GCC_SC_SECURITY);
      rdp_pdu_write_u32le (out, data->encryption_method);
      rdp_pdu_write_u32le (out, data->encryption_level);
      if (data->server_random || data->server_certificate)
        {
          gsize random_length = 0, certificate_length = 0;
          const guint8 *random = NULL, *certificate = NULL;

          if (data->server_random)
            random = g_bytes_get_data (data->server_random, &random_length);
          if (data->server_certificate)
            certificate = g_bytes_get_data (data->server_certificate, &certificate_length);
          if (random_length + certificate_length > G_MAXUINT16)
            {
              rdp_pdu_set_invalid (error, _("Cannot encode an SC_SECURITY block with %lu bytes of random and certificate"),
                                   (gulong) (random_length + certificate_length));
              return FALSE;
            }
          rdp_pdu_write_u32le (out, (guint32) random_length);
          rdp_pdu_write_u32le (out, (guint32) certificate_length);
          rdp_pdu_write_bytes (out, random, random_length);
          rdp_pdu_write_bytes (out, certificate, certificate_length);
        }
      if (!end_block (out, start, error))
        return FALSE;
    }
  if (data->has_message_channel)
    {
      start = begin_block (out, RDP_GCC_SC_MCS_MSGCHANNEL);
      rdp_pdu_write_u16le (out, data->message_channel_id);
      end_block (out, start, NULL);
    }
  if (data->has_multitransport)
    {
      start = begin_block (out, RDP_GCC_SC_MULTITRANSPORT);
      rdp_pdu_write_u32le (out, data->multitransport_flags);
      end_block (out, start, NULL);
    }
  return write_other_blocks (out, data->other_blocks, error);
}

/* ---- Conference Create Request / Response ---- */

/* The part of a connectPDU after its ConnectGCCPDU-specific fields: one
 * h221NonStandard user data set keyed @key holding @blocks. */
static void
write_user_data_set (GByteArray   *out,
                     const guint8 *key,
                     GByteArray   *blocks)
{
  rdp_pdu_write_u8 (out, 1);    /* number of sets */
  rdp_pdu_write_u8 (out, CHOICE_H221_NON_STANDARD);
  rdp_per_write_octet_string (out, key, 4, 4);
  rdp_per_write_octet_string (out, blocks->data, blocks->len, 0);
}

static gboolean
read_user_data_set (RdpPduReader  *reader,
                    const guint8  *key,
                    const char    *key_name,
                    const guint8 **out_blocks,
                    gsize         *out_length,
                    GError       **error)
{
  gsize length;

  if (!rdp_per_expect_u8 (reader, 1, "number of user data sets", error) ||
      !rdp_per_expect_u8 (reader, CHOICE_H221_NON_STANDARD, "user data key CHOICE", error) ||
      !rdp_per_expect_octet_string (reader, 4, key, 4, key_name, error) ||
      !rdp_per_read_length (reader, &length, NULL, error))
    return FALSE;
  if (length != rdp_pdu_reader_remaining (reader))
    {
      rdp_pdu_set_invalid (error, _("the user data length is %lu bytes but %lu follow"),
                           (gulong) length, (gulong) rdp_pdu_reader_remaining (reader));
      return FALSE;
    }
  *out_length = length;
  return rdp_pdu_reader_read_bytes (reader, length, out_blocks, error);
}

/* The blocks must fit in a PER length, and in a request the whole connectPDU
 * too: 12 bytes before the blocks' 2-byte length. */
#define MAX_REQUEST_BLOCKS_SIZE (RDP_PER_MAX_LENGTH - 14)
#define MAX_RESPONSE_BLOCKS_SIZE RDP_PER_MAX_LENGTH

GBytes *
rdp_gcc_encode_conference_create_request (const RdpGccClientData *data,
                                          GError                **error)
{
  g_autoptr(GByteArray) blocks = g_byte_array_sized_new (512);
  g_autoptr(GByteArray) connect_pdu = g_byte_array_sized_new (512);
  GByteArray *out;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!rdp_gcc_write_client_data (blocks, data, error))
    return NULL;
  if (blocks->len > MAX_REQUEST_BLOCKS_SIZE)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode %u bytes of client data (at most %u)"),
                           blocks->len, (guint) MAX_REQUEST_BLOCKS_SIZE);
      return NULL;
    }

  rdp_pdu_write_u8 (connect_pdu, CHOICE_CONFERENCE_CREATE_REQUEST);
  rdp_pdu_write_u8 (connect_pdu, SELECTION_USER_DATA);
  rdp_per_write_numeric_string (connect_pdu, "1", 1);
  rdp_pdu_write_u8 (connect_pdu, 0);    /* padding */
  write_user_data_set (connect_pdu, h221_cs_key, blocks);

  out = g_byte_array_sized_new (connect_pdu->len + 16);
  rdp_pdu_write_u8 (out, 0);    /* Key CHOICE object */
  rdp_per_write_object_identifier (out, t124_oid, G_N_ELEMENTS (t124_oid));
  rdp_per_write_octet_string (out, connect_pdu->data, connect_pdu->len, 0);
  return g_byte_array_free_to_bytes (out);
}

gboolean
rdp_gcc_decode_conference_create_request (const guint8      *user_data,
                                          gsize              length,
                                          RdpGccClientData  *out_data,
                                          GError           **error)
{
  g_autofree char *conference_name = NULL;
  RdpPduReader reader;
  const guint8 *blocks;
  gsize blocks_length = 0, connect_pdu_length;

  g_return_val_if_fail (user_data != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rdp_pdu_reader_init (&reader, user_data, length);
  if (!rdp_per_expect_u8 (&reader, 0, "ConnectData key CHOICE", error) ||
      !rdp_per_expect_object_identifier (&reader, t124_oid, G_N_ELEMENTS (t124_oid),
                                         "ConnectData key", error) ||
      !rdp_per_read_length (&reader, &connect_pdu_length, NULL, error) ||
      !rdp_per_expect_u8 (&reader, CHOICE_CONFERENCE_CREATE_REQUEST, "ConnectGCCPDU CHOICE", error) ||
      !rdp_per_expect_u8 (&reader, SELECTION_USER_DATA, "ConferenceCreateRequest preamble", error) ||
      !rdp_per_read_numeric_string (&reader, 1, &conference_name, error) ||
      !rdp_pdu_reader_skip (&reader, 1, error) ||
      !read_user_data_set (&reader, h221_cs_key, "client user data key", &blocks, &blocks_length, error))
    {
      g_prefix_error (error, _("Invalid GCC Conference Create Request: "));
      return FALSE;
    }
  return rdp_gcc_decode_client_data (blocks, blocks_length, out_data, error);
}

GBytes *
rdp_gcc_encode_conference_create_response (const RdpGccServerData *data,
                                           GError                **error)
{
  g_autoptr(GByteArray) blocks = g_byte_array_sized_new (512);
  GByteArray *out;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data->node_id < 1001)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode a GCC node id of %u (below 1001)"),
                           (guint) data->node_id);
      return NULL;
    }
  if (!rdp_gcc_write_server_data (blocks, data, error))
    return NULL;
  if (blocks->len > MAX_RESPONSE_BLOCKS_SIZE)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode %u bytes of server data (at most %u)"),
                           blocks->len, (guint) MAX_RESPONSE_BLOCKS_SIZE);
      return NULL;
    }

  out = g_byte_array_sized_new (blocks->len + 32);
  rdp_pdu_write_u8 (out, 0);    /* Key CHOICE object */
  rdp_per_write_object_identifier (out, t124_oid, G_N_ELEMENTS (t124_oid));
  rdp_pdu_write_u8 (out, WINDOWS_CONNECT_PDU_LENGTH);
  rdp_pdu_write_u8 (out, CHOICE_CONFERENCE_CREATE_RESPONSE);
  rdp_per_write_integer16 (out, data->node_id, 1001);
  rdp_per_write_integer (out, data->tag);
  rdp_pdu_write_u8 (out, data->result);
  write_user_data_set (out, h221_sc_key, blocks);
  return g_byte_array_free_to_bytes (out);
}

gboolean
rdp_gcc_decode_conference_create_response (const guint8      *user_data,
                                           gsize              length,
                                           RdpGccServerData  *out_data,
                                           GError           **error)
{
  RdpPduReader reader;
  const guint8 *blocks;
  gsize blocks_length = 0, connect_pdu_length;
  guint16 node_id;
  guint32 tag;
  guint8 result;

  g_return_val_if_fail (user_data != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rdp_pdu_reader_init (&reader, user_data, length);
  if (!rdp_per_expect_u8 (&reader, 0, "ConnectData key CHOICE", error) ||
      !rdp_per_expect_object_identifier (&reader, t124_oid, G_N_ELEMENTS (t124_oid),
                                         "ConnectData key", error) ||
      !rdp_per_read_length (&reader, &connect_pdu_length, NULL, error) ||
      !rdp_per_expect_u8 (&reader, CHOICE_CONFERENCE_CREATE_RESPONSE, "ConnectGCCPDU CHOICE", error) ||
      !rdp_per_read_integer16 (&reader, 1001, &node_id, error) ||
      !rdp_per_read_integer (&reader, &tag, error) ||
      !rdp_per_read_enumerated (&reader, 16, &result, error) ||
      !read_user_data_set (&reader, h221_sc_key, "server user data key", &blocks, &blocks_length, error))
    {
      g_prefix_error (error, _("Invalid GCC Conference Create Response: "));
      return FALSE;
    }
  if (!rdp_gcc_decode_server_data (blocks, blocks_length, out_data, error))
    return FALSE;
  out_data->node_id = node_id;
  out_data->tag = tag;
  out_data->result = result;
  return TRUE;
}
