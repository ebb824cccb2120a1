/* fuzz-connector.c: the whole connection sequence (rdp-gio/connector/) in
 * every state, driven by a hostile server
 *
 * Input:
 *   byte 0   the starting state: the connector is first driven through
 *            the first (byte 0 % 14) PDUs of the recorded Windows Server
 *            2008 session (tests/vectors/w2008tls_server_s00 … s12: TLS,
 *            licensing with License Request and Platform Challenge,
 *            capabilities exchange, finalization); 13 ends CONNECTED;
 *   byte 1   the settings: bit 0 allows Standard RDP Security, bit 1
 *            allows HYBRID (CredSSP, marked done at once), bit 2 asks for
 *            three static channels (rdpdr, cliprdr, rdpsnd), bit 3 a 16-bit
 *            desktop instead of 32;
 *   then     PDUs from the server, each as a 2-byte big-endian length and
 *            that many bytes (the last one may be short).
 * Between PDUs the connector is pumped as a driver would: steps without
 * input, the TLS upgrade and CredSSP marked done. A PDU that arrives once
 * the connector is CONNECTED goes to rdp_connector_handle_deactivate_all(),
 * which may send it back to the capabilities exchange.
 *
 * Time and randomness are fixed functions, so that a run is reproducible.
 *
 * Invariants:
 * - nothing reads out of bounds, nothing leaks, no critical or warning;
 * - a failed step returns NULL with an RDP_ERROR error with a UTF-8
 *   message and leaves the connector FAILED; a step that succeeds sets no
 *   error;
 * - what a step returns is whole TPKT PDUs, and bounded (a server cannot
 *   make the client build more than a few Confirm Actives per PDU);
 * - rdp_connector_get_result() is non-NULL exactly when CONNECTED.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-connector-private.h"
#include "rdp-test-utils.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char * const recorded[] = {
  "w2008tls_server_s00_x224_cc_neg_rsp_flags09_ssl",
  "w2008tls_server_s01_mcs_connect_response_no_rdp_security",
  "w2008tls_server_s02_mcs_attach_user_confirm_1004",
  "w2008tls_server_s03_mcs_channel_join_confirm_1004",
  "w2008tls_server_s04_mcs_channel_join_confirm_1003",
  "w2008tls_server_s05_license_request",
  "w2008tls_server_s06_license_platform_challenge",
  "w2008tls_server_s07_license_error_valid_client_unencrypted",
  "w2008tls_server_s08_demand_active",
  "w2008tls_server_s09_synchronize",
  "w2008tls_server_s10_control_cooperate",
  "w2008tls_server_s11_control_granted_control",
  "w2008tls_server_s12_font_map",
};
static GBytes *recorded_pdus[G_N_ELEMENTS (recorded)];

/* What one step may return at most: a Confirm Active and the finalization
 * PDUs are about 1 KB; a PDU may hold a few Demand Actives. */
#define MAX_OUTPUT (64 * 1024)
#define MAX_PDUS 64

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  for (guint i = 0; i < G_N_ELEMENTS (recorded); i++)
    recorded_pdus[i] = rdp_test_load_vector (recorded[i]);
  return 0;
}

/* 1 ms per call, from a fixed origin. */
static gint64
fixed_clock (gpointer user_data)
{
  gint64 *now = user_data;

  *now += 1000;
  return *now;
}

/* Zeros: the recorded Windows 2008 session's client (redemption) used an
 * all-zero client random and premaster secret, so only with them does the
 * server's Platform Challenge MAC verify and the replay reach the states
 * after licensing. */
static gboolean
fixed_random (guint8   *buffer,
              gsize     size,
              gpointer  user_data)
{
  memset (buffer, 0, size);
  return TRUE;
}

static void
check_output (GBytes *output)
{
  gsize length, offset = 0;
  const guint8 *data;

  if (output == NULL)
    return;
  data = g_bytes_get_data (output, &length);
  FUZZ_CHECK (length > 0, "an empty output");
  FUZZ_CHECK (length <= MAX_OUTPUT, "a step returned %" G_GSIZE_FORMAT " bytes", length);
  while (offset < length)
    {
      gsize pdu_length;

      FUZZ_CHECK (length - offset >= 4 && data[offset] == 3, "output is not TPKT at %" G_GSIZE_FORMAT, offset);
      pdu_length = (data[offset + 2] << 8) | data[offset + 3];
      FUZZ_CHECK (pdu_length >= 7 && pdu_length <= length - offset,
                  "TPKT length %" G_GSIZE_FORMAT " at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT,
                  pdu_length, offset, length);
      offset += pdu_length;
    }
}

static void
check_state (RdpConnector *connector)
{
  RdpConnectorState state = rdp_connector_get_state (connector);

  FUZZ_CHECK ((rdp_connector_get_result (connector) != NULL) == (state == RDP_CONNECTOR_STATE_CONNECTED),
              "result and state %d disagree", state);
}

/* One step; FALSE once the connector failed. */
static gboolean
step (RdpConnector *connector,
      GBytes       *input)
{
  GError *error = NULL;
  GBytes *output = rdp_connector_step (connector, input, &error);

  if (error != NULL)
    {
      FUZZ_CHECK (output == NULL, "output with an error");
      FUZZ_CHECK (error->domain == RDP_ERROR, "error %s:%d: %s",
                  g_quark_to_string (error->domain), error->code, error->message);
      FUZZ_CHECK (error->message != NULL && error->message[0] != '\0' &&
                  g_utf8_validate (error->message, -1, NULL), "bad error message");
      FUZZ_CHECK (rdp_connector_get_state (connector) == RDP_CONNECTOR_STATE_FAILED,
                  "state %d after an error", rdp_connector_get_state (connector));
      g_error_free (error);
      check_state (connector);
      return FALSE;
    }
  check_output (output);
  g_clear_pointer (&output, g_bytes_unref);
  check_state (connector);
  return TRUE;
}

/* Steps as a driver does until the connector wants a PDU; FALSE when it
 * will not (failed or connected). */
static gboolean
pump (RdpConnector *connector)
{
  for (guint guard = 0; guard < 64; guard++)
    {
      RdpConnectorState state = rdp_connector_get_state (connector);

      if (state == RDP_CONNECTOR_STATE_FAILED || state == RDP_CONNECTOR_STATE_CONNECTED)
        return FALSE;
      if (rdp_connector_should_upgrade_security (connector))
        rdp_connector_mark_as_upgraded (connector);
      else if (rdp_connector_should_perform_credssp (connector))
        rdp_connector_mark_credssp_done (connector);
      else if (rdp_connector_wants_input (connector))
        return TRUE;
      else if (!step (connector, NULL))
        return FALSE;
    }
  FUZZ_CHECK (FALSE, "the connector does not settle (state %d)", rdp_connector_get_state (connector));
  return FALSE;
}

/* Gives @pdu to the connector in whatever state it is; FALSE once it can
 * take no more. */
static gboolean
feed (RdpConnector *connector,
      GBytes       *pdu)
{
  if (rdp_connector_get_state (connector) == RDP_CONNECTOR_STATE_CONNECTED)
    {
      GError *error = NULL;
      gboolean deactivated = rdp_connector_handle_deactivate_all (connector, pdu, &error);

      if (error != NULL)
        {
          FUZZ_CHECK (!deactivated, "TRUE with an error");
          FUZZ_CHECK (error->domain == RDP_ERROR, "error %s:%d: %s",
                      g_quark_to_string (error->domain), error->code, error->message);
          g_error_free (error);
          return TRUE;   /* the connector is left as it was */
        }
      FUZZ_CHECK (rdp_connector_get_state (connector) ==
                  (deactivated ? RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE : RDP_CONNECTOR_STATE_CONNECTED),
                  "state %d after handle_deactivate_all", rdp_connector_get_state (connector));
      check_state (connector);
      return TRUE;
    }
  if (!pump (connector))
    return rdp_connector_get_state (connector) == RDP_CONNECTOR_STATE_CONNECTED;
  return step (connector, pdu);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(RdpConnectorConfig) config = NULL;
  RdpConnector *connector;
  gint64 now = 1000000;
  static const char * const channels[] = { "rdpdr", "cliprdr", "rdpsnd", NULL };
  guint prefix, flags;
  gsize offset = 2;

  if (size < 2)
    return 0;
  prefix = data[0] % (G_N_ELEMENTS (recorded) + 1);
  flags = data[1];

  config = rdp_connector_config_new ();
  config->username = g_strdup ("User");
  config->client_name = g_strdup ("FUZZ");
  config->desktop_width = 1024;
  config->desktop_height = 768;
  config->color_depth = flags & 8 ? 16 : 32;
  config->keyboard_layout = 0x409;
  config->keyboard_type = 4;
  config->keyboard_function_keys = 12;
  config->client_build = 2600;
  config->security_protocols = RDP_SECURITY_PROTOCOL_TLS;
  if (flags & 1)
    config->security_protocols |= RDP_SECURITY_PROTOCOL_STANDARD;
  if (flags & 2)
    config->security_protocols |= RDP_SECURITY_PROTOCOL_HYBRID | RDP_SECURITY_PROTOCOL_HYBRID_EX;
  if (flags & 4)
    config->static_channels = g_strdupv ((char **) channels);

  connector = rdp_connector_new_with_config (config);
  rdp_connector_set_clock (connector, fixed_clock, &now);
  rdp_connector_set_random (connector, fixed_random, NULL);
  check_state (connector);

  /* the recorded session up to the starting state (other settings may
   * make it fail early: the fuzzed PDUs then meet a failed connector) */
  for (guint i = 0; i < prefix; i++)
    if (!feed (connector, recorded_pdus[i]))
      break;

  for (guint n = 0; n < MAX_PDUS && offset + 2 <= size; n++)
    {
      gsize length = (data[offset] << 8) | data[offset + 1];
      GBytes *pdu;
      gboolean more;

      offset += 2;
      length = MIN (length, size - offset);
      /* a heap copy of exactly the PDU, so that ASan sees any over-read */
      pdu = g_bytes_new (data + offset, length);
      offset += length;
      more = feed (connector, pdu);
      g_bytes_unref (pdu);
      if (!more)
        {
          /* a failed connector refuses every step, cleanly */
          if (rdp_connector_get_state (connector) == RDP_CONNECTOR_STATE_FAILED)
            {
              GError *error = NULL;

              FUZZ_CHECK (rdp_connector_step (connector, NULL, &error) == NULL, "a failed connector stepped");
              FUZZ_CHECK (error != NULL, "no error from a failed connector");
              g_error_free (error);
            }
          break;
        }
    }

  g_object_unref (connector);
  return 0;
}
