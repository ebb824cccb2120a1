/* fuzz-kkdcp.c: the KDC proxy message decoder (rdp-gio/auth/rdp-kkdcp.c)
 * on arbitrary bytes, as a KDC proxy's reply would give it
 *
 * Invariants:
 * - the decoder reads nothing past the length it is given (exact-size
 *   heap copy);
 * - it either succeeds or fails with RDP_ERROR_INVALID_DATA and a cleared
 *   result;
 * - a message that decodes re-encodes, and the re-encoding decodes to
 *   the same fields (libtasn1 accepts some BER that is not DER, so the
 *   bytes may differ);
 * - unwrapping a reply gives exactly the kerb-message after its length
 *   prefix.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-kkdcp-private.h"
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
  FUZZ_CHECK (g_error_matches (error, RDP_ERROR, RDP_ERROR_INVALID_DATA),
              "error %s", error != NULL ? error->message : "(none)");
  FUZZ_CHECK (error->message[0] != '\0', "empty message");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  guint8 *copy = g_memdup2 (data, size);
  RdpKkdcpMessage message = { 0 };
  GError *error = NULL;
  GBytes *reply;

  if (rdp_kkdcp_message_decode (copy, size, &message, &error))
    {
      RdpKkdcpMessage again = { 0 };
      GBytes *encoded = rdp_kkdcp_message_encode (&message, &error);

      FUZZ_CHECK (encoded != NULL, "re-encoding failed: %s", error ? error->message : "");
      FUZZ_CHECK (rdp_kkdcp_message_decode (g_bytes_get_data (encoded, NULL),
                                            g_bytes_get_size (encoded), &again, NULL),
                  "the re-encoding does not decode");
      FUZZ_CHECK (g_bytes_equal (again.kerb_message, message.kerb_message), "kerb-message differs");
      FUZZ_CHECK (g_strcmp0 (again.target_domain, message.target_domain) == 0, "realm differs");
      FUZZ_CHECK (again.has_dclocator_hint == message.has_dclocator_hint
                  && again.dclocator_hint == message.dclocator_hint, "hint differs");
      rdp_kkdcp_message_clear (&again);
      g_bytes_unref (encoded);
    }
  else
    {
      check_error (error);
      FUZZ_CHECK (message.kerb_message == NULL && message.target_domain == NULL,
                  "result not cleared");
      g_clear_error (&error);
    }

  reply = rdp_kkdcp_unwrap_reply (copy, size, &error);
  if (reply != NULL)
    {
      FUZZ_CHECK (message.kerb_message != NULL, "unwrapped what does not decode");
      FUZZ_CHECK (g_bytes_get_size (reply) + 4 == g_bytes_get_size (message.kerb_message),
                  "the reply is not the kerb-message without its prefix");
      FUZZ_CHECK (memcmp (g_bytes_get_data (reply, NULL),
                          (const guint8 *) g_bytes_get_data (message.kerb_message, NULL) + 4,
                          g_bytes_get_size (reply)) == 0, "the reply differs");
      g_bytes_unref (reply);
    }
  else
    {
      check_error (error);
      g_clear_error (&error);
    }

  rdp_kkdcp_message_clear (&message);
  g_free (copy);
  return 0;
}
