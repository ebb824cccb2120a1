/* fuzz-x224.c: the X.224 Connection Request / Connection Confirm decoders
 * (rdp-gio/pdu/rdp-x224.c) on arbitrary bytes
 *
 * Invariants:
 * - neither decoder reads past the length it is given (the input is a heap
 *   copy of exactly that length, so AddressSanitizer sees any over-read);
 * - a decoder either succeeds without an error or fails with an
 *   RDP_ERROR_INVALID_DATA error and a zeroed result (nothing leaks);
 * - at most one of the two succeeds (a TPDU is a CR or a CC);
 * - what a decoder accepts, the matching encoder encodes without an error to
 *   a PDU of the same length that decodes to the same fields;
 * - a decoded PDU is never longer than RDP_X224_MAX_CONNECTION_PDU_SIZE.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-x224-private.h"
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
check_error (GError *error)
{
  FUZZ_CHECK (error != NULL, "failure without an error");
  FUZZ_CHECK (g_error_matches (error, RDP_ERROR, RDP_ERROR_INVALID_DATA),
              "error %s:%d: %s", g_quark_to_string (error->domain), error->code, error->message);
  FUZZ_CHECK (error->message != NULL && error->message[0] != '\0', "empty error message");
}

static gboolean
fuzz_request (const guint8 *data,
              gsize         size)
{
  g_auto(RdpX224ConnectionRequest) r = { 0 };
  g_auto(RdpX224ConnectionRequest) r2 = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;
  static const RdpX224ConnectionRequest zero = { 0 };

  if (!rdp_x224_decode_connection_request (data, size, &r, &error))
    {
      check_error (error);
      FUZZ_CHECK (memcmp (&r, &zero, sizeof r) == 0, "result not zeroed on failure");
      return FALSE;
    }
  FUZZ_CHECK (error == NULL, "success with an error");
  FUZZ_CHECK (size <= RDP_X224_MAX_CONNECTION_PDU_SIZE, "accepted %zu bytes", (size_t) size);
  FUZZ_CHECK (!(r.cookie && r.routing_token), "both cookie and routing token");

  again = rdp_x224_encode_connection_request (&r, &error);
  FUZZ_CHECK (again != NULL && error == NULL, "re-encoding failed: %s", error ? error->message : "?");
  FUZZ_CHECK (g_bytes_get_size (again) == size, "re-encoded to %zu bytes instead of %zu",
              (size_t) g_bytes_get_size (again), (size_t) size);
  FUZZ_CHECK (rdp_x224_decode_connection_request (g_bytes_get_data (again, NULL), size, &r2, &error),
              "re-encoded request does not decode: %s", error ? error->message : "?");
  FUZZ_CHECK (g_strcmp0 (r.cookie, r2.cookie) == 0, "cookie changed");
  FUZZ_CHECK (g_strcmp0 (r.routing_token, r2.routing_token) == 0, "routing token changed");
  FUZZ_CHECK (r.has_negotiation_request == r2.has_negotiation_request &&
              r.negotiation_flags == r2.negotiation_flags &&
              r.requested_protocols == r2.requested_protocols &&
              r.has_correlation_info == r2.has_correlation_info &&
              memcmp (r.correlation_id, r2.correlation_id, sizeof r.correlation_id) == 0,
              "negotiation request changed");
  return TRUE;
}

static gboolean
fuzz_confirm (const guint8 *data,
              gsize         size)
{
  RdpX224ConnectionConfirm c, c2;
  static const RdpX224ConnectionConfirm zero = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;

  if (!rdp_x224_decode_connection_confirm (data, size, &c, &error))
    {
      check_error (error);
      FUZZ_CHECK (memcmp (&c, &zero, sizeof c) == 0, "result not zeroed on failure");
      return FALSE;
    }
  FUZZ_CHECK (error == NULL, "success with an error");
  FUZZ_CHECK (size == 11 || size == 19, "accepted a CC of %zu bytes", (size_t) size);
  FUZZ_CHECK (c.result == RDP_X224_NEGOTIATION_NONE || c.result == RDP_X224_NEGOTIATION_RESPONSE ||
              c.result == RDP_X224_NEGOTIATION_FAILURE, "result %d", (int) c.result);

  again = rdp_x224_encode_connection_confirm (&c, &error);
  FUZZ_CHECK (again != NULL && error == NULL, "re-encoding failed");
  FUZZ_CHECK (g_bytes_get_size (again) == size, "re-encoded to %zu bytes instead of %zu",
              (size_t) g_bytes_get_size (again), (size_t) size);
  FUZZ_CHECK (rdp_x224_decode_connection_confirm (g_bytes_get_data (again, NULL), size, &c2, &error),
              "re-encoded confirm does not decode");
  FUZZ_CHECK (c.result == c2.result && c.src_ref == c2.src_ref &&
              c.selected_protocol == c2.selected_protocol && c.failure_code == c2.failure_code &&
              (c.result != RDP_X224_NEGOTIATION_RESPONSE || c.flags == c2.flags),
              "confirm changed");
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree guint8 *copy = size ? g_memdup2 (data, size) : NULL;
  gboolean cr, cc;

  cr = fuzz_request (copy, size);
  cc = fuzz_confirm (copy, size);
  FUZZ_CHECK (!(cr && cc), "accepted as both a request and a confirm");
  return 0;
}
