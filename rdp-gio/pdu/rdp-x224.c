/* rdp-x224.c: sans-I/O codec of the X.224 Connection Request and
 * Connection Confirm ([MS-RDPBCGR] 2.2.1.1 and 2.2.1.2)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-x224-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/* On the wire ([T123] 8, [X224] 13.3 and 13.4, class 0):
 *
 *   TPKT   03 00 LL LL          LL: big-endian length of the whole PDU
 *   TPDU   LI                   length indicator: the bytes after LI
 *          E0 | D0              CR | CC (high nibble), CDT 0
 *          DST-REF (2, BE)      0 in a CR
 *          SRC-REF (2, BE)
 *          CLASS OPTION         0
 *          variable part:       CR: [token CR LF] [RDP_NEG_REQ [CORRELATION_INFO]]
 *                               CC: [RDP_NEG_RSP | RDP_NEG_FAILURE]
 *
 * The RDP structures in the variable part are little-endian. */

#define TPKT_HEADER_SIZE 4
#define TPDU_FIXED_SIZE 7 /* LI, code, dst-ref, src-ref, class */
#define HEADER_SIZE (TPKT_HEADER_SIZE + TPDU_FIXED_SIZE)
#define MAX_LI 254

#define TPDU_CODE_CR 0xE0
#define TPDU_CODE_CC 0xD0

#define TYPE_RDP_NEG_REQ 0x01
#define TYPE_RDP_NEG_RSP 0x02
#define TYPE_RDP_NEG_FAILURE 0x03
#define TYPE_RDP_CORRELATION_INFO 0x06

#define NEG_STRUCT_SIZE 8
#define CORRELATION_INFO_SIZE 36

#define COOKIE_PREFIX "Cookie: mstshash="
#define COOKIE_PREFIX_LEN (sizeof COOKIE_PREFIX - 1)

static guint16
get_le16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
get_le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static void
put_le16 (GByteArray *out,
          guint16     value)
{
  guint8 b[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (out, b, sizeof b);
}

static void
put_le32 (GByteArray *out,
          guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, b, sizeof b);
}

/* Starts a PDU: TPKT and fixed TPDU header with zero lengths, filled in by
 * finish_pdu(). */
static GByteArray *
begin_pdu (guint8  code,
           guint16 src_ref)
{
  GByteArray *out = g_byte_array_sized_new (64);
  guint8 header[HEADER_SIZE] = {
    0x03, 0x00, 0x00, 0x00,
    0x00, code, 0x00, 0x00, src_ref >> 8, src_ref & 0xff, 0x00,
  };

  g_byte_array_append (out, header, sizeof header);
  return out;
}

static GBytes *
finish_pdu (GByteArray *out,
            guint8      code,
            GError    **error)
{
  if (out->len - TPKT_HEADER_SIZE - 1 > MAX_LI)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   code == TPDU_CODE_CR
                     ? _("An X.224 Connection Request of %u bytes is longer than the maximum of %u bytes")
                     : _("An X.224 Connection Confirm of %u bytes is longer than the maximum of %u bytes"),
                   out->len, (guint) RDP_X224_MAX_CONNECTION_PDU_SIZE);
      g_byte_array_unref (out);
      return NULL;
    }
  out->data[2] = out->len >> 8;
  out->data[3] = out->len & 0xff;
  out->data[4] = out->len - TPKT_HEADER_SIZE - 1;
  return g_byte_array_free_to_bytes (out);
}

/* Checks the TPKT header and the fixed part of a CR or CC TPDU, and returns
 * the variable part. Messages are whole sentences for each of the two, so
 * that translators see each one as it is shown. */
static gboolean
parse_header (const guint8  *data,
              gsize          length,
              guint8         code,
              guint16       *out_src_ref,
              const guint8 **out_variable,
              gsize         *out_variable_length,
              GError       **error)
{
  gsize tpkt_length;
  guint li;

  if (length < TPKT_HEADER_SIZE)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   code == TPDU_CODE_CR
                     ? _("Invalid X.224 Connection Request: %lu bytes are too few for a TPKT header")
                     : _("Invalid X.224 Connection Confirm: %lu bytes are too few for a TPKT header"),
                   (gulong) length);
      return FALSE;
    }
  if (data[0] != 0x03)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Invalid TPKT header: version %u instead of 3"),
                   (guint) data[0]);
      return FALSE;
    }
  tpkt_length = ((gsize) data[2] << 8) | data[3];
  if (tpkt_length != length)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   code == TPDU_CODE_CR
                     ? _("Invalid X.224 Connection Request: the TPKT length is %lu bytes but the PDU has %lu")
                     : _("Invalid X.224 Connection Confirm: the TPKT length is %lu bytes but the PDU has %lu"),
                   (gulong) tpkt_length, (gulong) length);
      return FALSE;
    }
  if (length < HEADER_SIZE)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   code == TPDU_CODE_CR
                     ? _("Invalid X.224 Connection Request: %lu bytes are too few for its header")
                     : _("Invalid X.224 Connection Confirm: %lu bytes are too few for its header"),
                   (gulong) length);
      return FALSE;
    }
  li = data[4];
  if (li + 1 != length - TPKT_HEADER_SIZE || li > MAX_LI)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   code == TPDU_CODE_CR
                     ? _("Invalid X.224 Connection Request: the length indicator %u does not match the %lu bytes that follow it")
                     : _("Invalid X.224 Connection Confirm: the length indicator %u does not match the %lu bytes that follow it"),
                   li, (gulong) (length - TPKT_HEADER_SIZE - 1));
      return FALSE;
    }
  if ((data[5] & 0xF0) != code)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   code == TPDU_CODE_CR
                     ? _("Expected an X.224 Connection Request (TPDU code 0x%02x) but got TPDU code 0x%02x")
                     : _("Expected an X.224 Connection Confirm (TPDU code 0x%02x) but got TPDU code 0x%02x"),
                   (guint) code, (guint) data[5]);
      return FALSE;
    }

  if (out_src_ref)
    *out_src_ref = (guint16) ((data[8] << 8) | data[9]);
  *out_variable = data + HEADER_SIZE;
  *out_variable_length = length - HEADER_SIZE;
  return TRUE;
}

static gboolean
has_line_break (const char *text)
{
  return strpbrk (text, "\r\n") != NULL;
}

void
rdp_x224_connection_request_clear (RdpX224ConnectionRequest *request)
{
  g_clear_pointer (&request->cookie, g_free);
  g_clear_pointer (&request->routing_token, g_free);
  memset (request, 0, sizeof *request);
}

/* Encodes a Client X.224 Connection Request, TPKT header included. Fails
 * with RDP_ERROR_INVALID_DATA when the request cannot be expressed: a cookie
 * or routing token with a line break, both set, flags that contradict the
 * optional parts, or a PDU longer than a length indicator can count. */
GBytes *
rdp_x224_encode_connection_request (const RdpX224ConnectionRequest *request,
                                    GError                        **error)
{
  g_autoptr(GByteArray) out = NULL;
  guint8 flags;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (request->cookie && request->routing_token)
    {
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                           _("An X.224 Connection Request carries either a cookie or a routing token, not both"));
      return NULL;
    }
  if (request->cookie && has_line_break (request->cookie))
    {
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                           _("The cookie of an X.224 Connection Request must not contain a line break"));
      return NULL;
    }
  if (request->routing_token)
    {
      if (has_line_break (request->routing_token))
        {
          g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                               _("The routing token of an X.224 Connection Request must not contain a line break"));
          return NULL;
        }
      /* It must decode as a routing token again. */
      if (request->routing_token[0] == '\0' ||
          request->routing_token[0] == TYPE_RDP_NEG_REQ ||
          g_str_has_prefix (request->routing_token, COOKIE_PREFIX))
        {
          g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                               _("The routing token of an X.224 Connection Request is empty or looks like a cookie"));
          return NULL;
        }
    }

  flags = request->negotiation_flags;
  if (request->has_correlation_info)
    flags |= RDP_X224_CORRELATION_INFO_PRESENT;
  if (!request->has_negotiation_request &&
      (request->negotiation_flags != 0 || request->requested_protocols != 0 ||
       request->has_correlation_info))
    {
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                           _("An X.224 Connection Request without a negotiation request cannot carry flags, protocols or correlation info"));
      return NULL;
    }
  if ((request->negotiation_flags & RDP_X224_CORRELATION_INFO_PRESENT) &&
      !request->has_correlation_info)
    {
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                           _("The X.224 Connection Request flags announce correlation info that is missing"));
      return NULL;
    }

  out = begin_pdu (TPDU_CODE_CR, 0);

  if (request->cookie)
    {
      g_byte_array_append (out, (const guint8 *) COOKIE_PREFIX, COOKIE_PREFIX_LEN);
      g_byte_array_append (out, (const guint8 *) request->cookie, strlen (request->cookie));
      g_byte_array_append (out, (const guint8 *) "\r\n", 2);
    }
  else if (request->routing_token)
    {
      g_byte_array_append (out, (const guint8 *) request->routing_token,
                           strlen (request->routing_token));
      g_byte_array_append (out, (const guint8 *) "\r\n", 2);
    }

  if (request->has_negotiation_request)
    {
      guint8 head[2] = { TYPE_RDP_NEG_REQ, flags };

      g_byte_array_append (out, head, sizeof head);
      put_le16 (out, NEG_STRUCT_SIZE);
      put_le32 (out, request->requested_protocols);
    }

  if (request->has_correlation_info)
    {
      static const guint8 reserved[16] = { 0 };
      guint8 head[2] = { TYPE_RDP_CORRELATION_INFO, 0 };

      g_byte_array_append (out, head, sizeof head);
      put_le16 (out, CORRELATION_INFO_SIZE);
      g_byte_array_append (out, request->correlation_id, RDP_X224_CORRELATION_ID_SIZE);
      g_byte_array_append (out, reserved, sizeof reserved);
    }

  return finish_pdu (g_steal_pointer (&out), TPDU_CODE_CR, error);
}

/* Decodes a Client X.224 Connection Request (a whole PDU, TPKT header
 * included). On success @out_request is filled in (clear it with
 * rdp_x224_connection_request_clear()); on failure it is left zeroed. */
gboolean
rdp_x224_decode_connection_request (const guint8              *data,
                                    gsize                      length,
                                    RdpX224ConnectionRequest  *out_request,
                                    GError                   **error)
{
  g_auto(RdpX224ConnectionRequest) request = { 0 };
  const guint8 *v;
  gsize n;
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_request != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out_request, 0, sizeof *out_request);

  if (!parse_header (data, length, TPDU_CODE_CR, NULL, &v, &n, error))
    return FALSE;

  /* An optional cookie or routing token, ended by CR LF. Anything that does
   * not start like an RDP_NEG_REQ is taken for one. */
  if (n > 0 && v[0] != TYPE_RDP_NEG_REQ)
    {
      gsize end;

      for (end = 0; end + 1 < n; end++)
        if (v[end] == '\r' && v[end + 1] == '\n')
          break;
      if (end + 1 >= n)
        {
          g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                               _("Invalid X.224 Connection Request: its cookie is not ended by CR LF"));
          return FALSE;
        }
      if (memchr (v, '\0', end) != NULL || memchr (v, '\r', end) != NULL ||
          memchr (v, '\n', end) != NULL)
        {
          g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                               _("Invalid X.224 Connection Request: its cookie contains a NUL byte or a line break"));
          return FALSE;
        }
      if (end == 0)
        {
          g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                               _("Invalid X.224 Connection Request: its routing token is empty"));
          return FALSE;
        }
      if (end >= COOKIE_PREFIX_LEN && memcmp (v, COOKIE_PREFIX, COOKIE_PREFIX_LEN) == 0)
        request.cookie = g_strndup ((const char *) v + COOKIE_PREFIX_LEN, end - COOKIE_PREFIX_LEN);
      else
        request.routing_token = g_strndup ((const char *) v, end);
      v += end + 2;
      n -= end + 2;
    }

  if (n > 0)
    {
      if (n < NEG_STRUCT_SIZE)
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                       _("Invalid X.224 Connection Request: %lu bytes are too few for a negotiation request"),
                       (gulong) n);
          return FALSE;
        }
      if (v[0] != TYPE_RDP_NEG_REQ)
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                       _("Invalid X.224 Connection Request: negotiation data of unknown type 0x%02x"),
                       (guint) v[0]);
          return FALSE;
        }
      size = get_le16 (v + 2);
      if (size != NEG_STRUCT_SIZE)
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                       _("Invalid X.224 Connection Request: negotiation request length %lu instead of %u"),
                       (gulong) size, (guint) NEG_STRUCT_SIZE);
          return FALSE;
        }
      request.has_negotiation_request = TRUE;
      request.negotiation_flags = v[1];
      request.requested_protocols = get_le32 (v + 4);
      v += NEG_STRUCT_SIZE;
      n -= NEG_STRUCT_SIZE;

      if (request.negotiation_flags & RDP_X224_CORRELATION_INFO_PRESENT)
        {
          if (n < CORRELATION_INFO_SIZE)
            {
              g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                           _("Invalid X.224 Connection Request: %lu bytes are too few for the announced correlation info"),
                           (gulong) n);
              return FALSE;
            }
          size = get_le16 (v + 2);
          if (v[0] != TYPE_RDP_CORRELATION_INFO || size != CORRELATION_INFO_SIZE)
            {
              g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                           _("Invalid X.224 Connection Request: correlation info of type 0x%02x and length %lu"),
                           (guint) v[0], (gulong) size);
              return FALSE;
            }
          request.has_correlation_info = TRUE;
          memcpy (request.correlation_id, v + 4, RDP_X224_CORRELATION_ID_SIZE);
          v += CORRELATION_INFO_SIZE;
          n -= CORRELATION_INFO_SIZE;
        }
    }

  if (n > 0)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Invalid X.224 Connection Request: %lu unexpected bytes at its end"),
                   (gulong) n);
      return FALSE;
    }

  *out_request = request;
  memset (&request, 0, sizeof request);
  return TRUE;
}

/* Encodes a Server X.224 Connection Confirm (for tests and fake servers). */
GBytes *
rdp_x224_encode_connection_confirm (const RdpX224ConnectionConfirm *confirm,
                                    GError                        **error)
{
  g_autoptr(GByteArray) out = NULL;
  guint8 head[2];

  g_return_val_if_fail (confirm != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = begin_pdu (TPDU_CODE_CC, confirm->src_ref);
  switch (confirm->result)
    {
    case RDP_X224_NEGOTIATION_NONE:
      break;
    case RDP_X224_NEGOTIATION_RESPONSE:
      head[0] = TYPE_RDP_NEG_RSP;
      head[1] = confirm->flags;
      g_byte_array_append (out, head, sizeof head);
      put_le16 (out, NEG_STRUCT_SIZE);
      put_le32 (out, confirm->selected_protocol);
      break;
    case RDP_X224_NEGOTIATION_FAILURE:
      head[0] = TYPE_RDP_NEG_FAILURE;
      head[1] = 0;
      g_byte_array_append (out, head, sizeof head);
      put_le16 (out, NEG_STRUCT_SIZE);
      put_le32 (out, confirm->failure_code);
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  return finish_pdu (g_steal_pointer (&out), TPDU_CODE_CC, error);
}

/* Decodes a Server X.224 Connection Confirm (a whole PDU, TPKT header
 * included). A CC without negotiation data decodes as
 * RDP_X224_NEGOTIATION_NONE with selected_protocol PROTOCOL_RDP. */
gboolean
rdp_x224_decode_connection_confirm (const guint8              *data,
                                    gsize                      length,
                                    RdpX224ConnectionConfirm  *out_confirm,
                                    GError                   **error)
{
  RdpX224ConnectionConfirm confirm = { 0 };
  const guint8 *v;
  gsize n;
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_confirm != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out_confirm, 0, sizeof *out_confirm);

  if (!parse_header (data, length, TPDU_CODE_CC, &confirm.src_ref, &v, &n, error))
    return FALSE;

  if (n == 0)
    {
      confirm.result = RDP_X224_NEGOTIATION_NONE;
      confirm.selected_protocol = RDP_X224_PROTOCOL_RDP;
      *out_confirm = confirm;
      return TRUE;
    }
  if (n < NEG_STRUCT_SIZE)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Invalid X.224 Connection Confirm: %lu bytes are too few for a negotiation response"),
                   (gulong) n);
      return FALSE;
    }
  size = get_le16 (v + 2);
  if (size != NEG_STRUCT_SIZE)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Invalid X.224 Connection Confirm: negotiation response length %lu instead of %u"),
                   (gulong) size, (guint) NEG_STRUCT_SIZE);
      return FALSE;
    }
  switch (v[0])
    {
    case TYPE_RDP_NEG_RSP:
      confirm.result = RDP_X224_NEGOTIATION_RESPONSE;
      confirm.flags = v[1];
      confirm.selected_protocol = get_le32 (v + 4);
      break;
    case TYPE_RDP_NEG_FAILURE:
      confirm.result = RDP_X224_NEGOTIATION_FAILURE;
      confirm.flags = v[1];
      confirm.failure_code = get_le32 (v + 4);
      break;
    default:
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Invalid X.224 Connection Confirm: negotiation data of unknown type 0x%02x"),
                   (guint) v[0]);
      return FALSE;
    }
  if (n != NEG_STRUCT_SIZE)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Invalid X.224 Connection Confirm: %lu unexpected bytes at its end"),
                   (gulong) (n - NEG_STRUCT_SIZE));
      return FALSE;
    }

  *out_confirm = confirm;
  return TRUE;
}

const char *
rdp_x224_describe_failure_code (guint32 failure_code)
{
  switch (failure_code)
    {
    case RDP_X224_SSL_REQUIRED_BY_SERVER:
      return _("The server requires TLS security");
    case RDP_X224_SSL_NOT_ALLOWED_BY_SERVER:
      return _("The server does not allow TLS security");
    case RDP_X224_SSL_CERT_NOT_ON_SERVER:
      return _("The server has no certificate for TLS security");
    case RDP_X224_INCONSISTENT_FLAGS:
      return _("The server found the requested security protocols inconsistent");
    case RDP_X224_HYBRID_REQUIRED_BY_SERVER:
      return _("The server requires Network Level Authentication (CredSSP)");
    case RDP_X224_SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER:
      return _("The server requires TLS security with user authentication");
    default:
      return _("The server refused the security negotiation for an unknown reason");
    }
}
