/* fuzz-mcs-gcc.c: the MCS (rdp-gio/pdu/rdp-mcs.c) and GCC
 * (rdp-gio/pdu/rdp-gcc.c) decoders, and the BER/PER readers under them, on
 * arbitrary bytes
 *
 * Every input goes to every decoder: as a whole TPKT PDU to the
 * Connect-Initial, Connect-Response and domain PDU decoders, as an MCS body
 * to the domain PDU body decoder, and as MCS user data to the GCC Conference
 * Create Request/Response decoders and the bare data block decoders.
 *
 * Invariants:
 * - no decoder reads past the length it is given (the input is a heap copy
 *   of exactly that length, so AddressSanitizer sees any over-read);
 * - a decoder either succeeds without an error or fails with an
 *   RDP_ERROR_INVALID_DATA error with a UTF-8 message; nothing leaks;
 * - at most one of the three TPKT decoders succeeds;
 * - a decoded Send Data PDU's user data lies inside the input and ends it;
 * - what a decoder accepts, the matching encoder encodes (the GCC encoders
 *   may refuse, with RDP_ERROR_INVALID_DATA, a string that filled its whole
 *   field), and encoding is a fixed point: decoding the encoding and
 *   encoding again gives the same bytes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-gcc-private.h"
#include "rdp-mcs-private.h"
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

static void
check_same (GBytes     *a,
            GBytes     *b,
            const char *what)
{
  FUZZ_CHECK (g_bytes_equal (a, b), "%s: encoding is not a fixed point (%zu and %zu bytes)",
              what, g_bytes_get_size (a), g_bytes_get_size (b));
}

/* ---- MCS ---- */

static gboolean
fuzz_connect_initial (const guint8 *data,
                      gsize         size)
{
  g_auto(RdpMcsConnectInitial) initial = { 0 };
  g_auto(RdpMcsConnectInitial) initial2 = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) once = NULL;
  g_autoptr(GBytes) twice = NULL;

  if (!rdp_mcs_decode_connect_initial (data, size, &initial, &error))
    {
      check_error (error, "Connect-Initial");
      return FALSE;
    }
  FUZZ_CHECK (error == NULL, "Connect-Initial: success with an error");
  FUZZ_CHECK (initial.user_data && initial.calling_domain_selector && initial.called_domain_selector,
              "Connect-Initial: missing octet strings");

  once = rdp_mcs_encode_connect_initial (&initial, &error);
  FUZZ_CHECK (once != NULL, "Connect-Initial: re-encoding failed: %s", error->message);
  FUZZ_CHECK (rdp_mcs_decode_connect_initial (g_bytes_get_data (once, NULL), g_bytes_get_size (once),
                                              &initial2, &error),
              "Connect-Initial: its encoding does not decode: %s", error->message);
  FUZZ_CHECK (memcmp (&initial.target_parameters, &initial2.target_parameters,
                      sizeof initial.target_parameters) == 0 &&
              memcmp (&initial.maximum_parameters, &initial2.maximum_parameters,
                      sizeof initial.maximum_parameters) == 0 &&
              initial.upward_flag == initial2.upward_flag &&
              g_bytes_equal (initial.user_data, initial2.user_data),
              "Connect-Initial: fields changed");
  twice = rdp_mcs_encode_connect_initial (&initial2, NULL);
  check_same (once, twice, "Connect-Initial");
  return TRUE;
}

static gboolean
fuzz_connect_response (const guint8 *data,
                       gsize         size)
{
  g_auto(RdpMcsConnectResponse) response = { 0 };
  g_auto(RdpMcsConnectResponse) response2 = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) once = NULL;
  g_autoptr(GBytes) twice = NULL;

  if (!rdp_mcs_decode_connect_response (data, size, &response, &error))
    {
      check_error (error, "Connect-Response");
      return FALSE;
    }
  FUZZ_CHECK ((guint) response.result < RDP_MCS_RESULT_COUNT, "result %u", (guint) response.result);

  once = rdp_mcs_encode_connect_response (&response, &error);
  FUZZ_CHECK (once != NULL, "Connect-Response: re-encoding failed: %s", error->message);
  FUZZ_CHECK (rdp_mcs_decode_connect_response (g_bytes_get_data (once, NULL), g_bytes_get_size (once),
                                               &response2, &error),
              "Connect-Response: its encoding does not decode: %s", error->message);
  FUZZ_CHECK (response.result == response2.result &&
              response.called_connect_id == response2.called_connect_id &&
              memcmp (&response.domain_parameters, &response2.domain_parameters,
                      sizeof response.domain_parameters) == 0 &&
              g_bytes_equal (response.user_data, response2.user_data),
              "Connect-Response: fields changed");
  twice = rdp_mcs_encode_connect_response (&response2, NULL);
  check_same (once, twice, "Connect-Response");
  return TRUE;
}

static void
check_domain_pdu (const RdpMcsDomainPdu *pdu,
                  const guint8          *data,
                  gsize                  size)
{
  g_autoptr(GByteArray) once = g_byte_array_new ();
  g_autoptr(GByteArray) twice = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  RdpMcsDomainPdu pdu2;

  if (pdu->type == RDP_MCS_SEND_DATA_REQUEST || pdu->type == RDP_MCS_SEND_DATA_INDICATION)
    FUZZ_CHECK (pdu->user_data >= data && pdu->user_data + pdu->user_data_length == data + size,
                "Send Data user data outside the input");
  FUZZ_CHECK ((guint) pdu->result < RDP_MCS_RESULT_COUNT, "domain PDU result %u", (guint) pdu->result);
  FUZZ_CHECK ((guint) pdu->reason < RDP_MCS_REASON_COUNT, "domain PDU reason %u", (guint) pdu->reason);

  FUZZ_CHECK (rdp_mcs_write_domain_pdu_body (once, pdu, &error),
              "domain PDU %u: re-encoding failed: %s", (guint) pdu->type, error->message);
  FUZZ_CHECK (rdp_mcs_decode_domain_pdu_body (once->data, once->len, &pdu2, &error),
              "domain PDU %u: its encoding does not decode: %s", (guint) pdu->type, error->message);
  FUZZ_CHECK (pdu2.type == pdu->type && pdu2.initiator == pdu->initiator &&
              pdu2.channel_id == pdu->channel_id && pdu2.result == pdu->result &&
              pdu2.user_data_length == pdu->user_data_length,
              "domain PDU %u: fields changed", (guint) pdu->type);
  FUZZ_CHECK (rdp_mcs_write_domain_pdu_body (twice, &pdu2, NULL), "domain PDU: second encoding");
  FUZZ_CHECK (once->len == twice->len && memcmp (once->data, twice->data, once->len) == 0,
              "domain PDU %u: encoding is not a fixed point", (guint) pdu->type);
}

static gboolean
fuzz_domain_pdu (const guint8 *data,
                 gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;
  RdpMcsDomainPdu pdu;

  if (!rdp_mcs_decode_domain_pdu (data, size, &pdu, &error))
    {
      check_error (error, "domain PDU");
      return FALSE;
    }
  check_domain_pdu (&pdu, data, size);
  again = rdp_mcs_encode_domain_pdu (&pdu, &error);
  FUZZ_CHECK (again != NULL, "domain PDU: whole re-encoding failed: %s", error->message);
  return TRUE;
}

static void
fuzz_domain_pdu_body (const guint8 *data,
                      gsize         size)
{
  g_autoptr(GError) error = NULL;
  RdpMcsDomainPdu pdu;

  if (!rdp_mcs_decode_domain_pdu_body (data, size, &pdu, &error))
    {
      check_error (error, "domain PDU body");
      return;
    }
  check_domain_pdu (&pdu, data, size);
}

/* ---- GCC ---- */

static void
fuzz_conference_create_request (const guint8 *data,
                                gsize         size)
{
  g_auto(RdpGccClientData) client = { 0 };
  g_auto(RdpGccClientData) client2 = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) once = NULL;
  g_autoptr(GBytes) twice = NULL;

  if (!rdp_gcc_decode_conference_create_request (data, size, &client, &error))
    {
      check_error (error, "Conference Create Request");
      return;
    }
  FUZZ_CHECK (!client.has_core || (client.core.client_name && client.core.ime_file_name),
              "CS_CORE without its strings");
  once = rdp_gcc_encode_conference_create_request (&client, &error);
  if (once == NULL)
    {
      check_error (error, "Conference Create Request encoding");
      return;
    }
  FUZZ_CHECK (rdp_gcc_decode_conference_create_request (g_bytes_get_data (once, NULL),
                                                        g_bytes_get_size (once), &client2, &error),
              "Conference Create Request: its encoding does not decode: %s", error->message);
  FUZZ_CHECK (client.has_core == client2.has_core && client.has_network == client2.has_network &&
              client.core.last_field == client2.core.last_field &&
              g_strcmp0 (client.core.client_name, client2.core.client_name) == 0,
              "Conference Create Request: fields changed");
  twice = rdp_gcc_encode_conference_create_request (&client2, NULL);
  FUZZ_CHECK (twice != NULL, "Conference Create Request: second encoding");
  check_same (once, twice, "Conference Create Request");
}

static void
fuzz_conference_create_response (const guint8 *data,
                                 gsize         size)
{
  g_auto(RdpGccServerData) server = { 0 };
  g_auto(RdpGccServerData) server2 = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) once = NULL;
  g_autoptr(GBytes) twice = NULL;

  if (!rdp_gcc_decode_conference_create_response (data, size, &server, &error))
    {
      check_error (error, "Conference Create Response");
      return;
    }
  FUZZ_CHECK (server.node_id >= 1001, "node id %u", (guint) server.node_id);
  FUZZ_CHECK ((server.server_random == NULL) == (server.server_certificate == NULL),
              "server random without certificate or the other way round");
  once = rdp_gcc_encode_conference_create_response (&server, &error);
  FUZZ_CHECK (once != NULL, "Conference Create Response: re-encoding failed: %s", error->message);
  FUZZ_CHECK (rdp_gcc_decode_conference_create_response (g_bytes_get_data (once, NULL),
                                                         g_bytes_get_size (once), &server2, &error),
              "Conference Create Response: its encoding does not decode: %s", error->message);
  FUZZ_CHECK (server.io_channel_id == server2.io_channel_id &&
              server.encryption_method == server2.encryption_method &&
              (server.channel_ids ? server.channel_ids->len : 0) ==
              (server2.channel_ids ? server2.channel_ids->len : 0),
              "Conference Create Response: fields changed");
  twice = rdp_gcc_encode_conference_create_response (&server2, NULL);
  check_same (once, twice, "Conference Create Response");
}

static void
fuzz_data_blocks (const guint8 *data,
                  gsize         size)
{
  g_auto(RdpGccClientData) client = { 0 };
  g_auto(RdpGccServerData) server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();

  if (rdp_gcc_decode_client_data (data, size, &client, &error))
    {
      if (!rdp_gcc_write_client_data (out, &client, &error))
        check_error (error, "client data encoding");
    }
  else
    check_error (error, "client data");
  g_clear_error (&error);

  if (rdp_gcc_decode_server_data (data, size, &server, &error))
    {
      g_byte_array_set_size (out, 0);
      FUZZ_CHECK (rdp_gcc_write_server_data (out, &server, &error),
                  "server data: re-encoding failed: %s", error->message);
    }
  else
    check_error (error, "server data");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* libFuzzer's buffer is exactly @size long; an empty one may be NULL. */
  int decoded = 0;

  if (size == 0)
    data = (const uint8_t *) "";

  decoded += fuzz_connect_initial (data, size);
  decoded += fuzz_connect_response (data, size);
  decoded += fuzz_domain_pdu (data, size);
  FUZZ_CHECK (decoded <= 1, "%d TPKT decoders accepted the same input", decoded);

  fuzz_domain_pdu_body (data, size);
  fuzz_conference_create_request (data, size);
  fuzz_conference_create_response (data, size);
  fuzz_data_blocks (data, size);
  return 0;
}
