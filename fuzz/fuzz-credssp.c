/* fuzz-credssp.c: the whole sans-I/O CredSSP client (rdp-gio/auth/
 * rdp-credssp.c, with NTLM under it) fed arbitrary server messages
 *
 * The input is a sequence of server messages, each a 2-byte big-endian
 * length and that many bytes; the client steps once with NULL and then
 * once per message.
 *
 * Invariants:
 * - every failure is an RDP_ERROR with a message, and after one the
 *   machine only fails;
 * - every message the client sends decodes as a TSRequest;
 * - the client never sends authInfo (the sealed password): a server that
 *   does not hold the NTLM session key cannot prove the certificate's key,
 *   and the fuzzer does not know it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-credssp-private.h"
#include "rdp-ntlm-private.h"
#include "rdp-tsrequest-private.h"
#include "rdp-secret-private.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

static gboolean
fixed_random (guint8   *buffer,
              gsize     size,
              gpointer  user_data)
{
  memset (buffer, 0x5a, size);
  return TRUE;
}

static void
check_output (GBytes *output)
{
  RdpTsRequest request;
  GError *error = NULL;

  FUZZ_CHECK (rdp_ts_request_decode (g_bytes_get_data (output, NULL), g_bytes_get_size (output),
                                     &request, &error),
              "the client sent a TSRequest that does not decode: %s", error->message);
  FUZZ_CHECK (request.auth_info == NULL, "the client sent its credentials to an unproven server");
  rdp_ts_request_clear (&request);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) password = rdp_secret_new_from_string ("Passw0rd!");
  g_autoptr(GBytes) key = g_bytes_new_static ("\x30\x0d\x02\x08\x00\xc3\x11\x22\x33\x44\x55\x66\x02\x01\x03", 15);
  RdpCredssp *client = rdp_credssp_new_ntlm ("WORKGROUP", "rdpuser", password, "FUZZ", "fuzz", key);
  RdpNtlmInputs inputs = { .timestamp = 1 };
  GBytes *output;
  GError *error = NULL;
  gboolean failed = FALSE;
  gsize pos = 0;

  rdp_ntlm_set_inputs (rdp_ntlm_mechanism_get_ntlm (rdp_credssp_get_mechanism (client)), &inputs);
  rdp_credssp_set_random (client, fixed_random, NULL);
  output = rdp_credssp_step (client, NULL, &error);
  FUZZ_CHECK (output != NULL, "no NEGOTIATE");
  check_output (output);
  g_bytes_unref (output);

  while (pos + 2 <= size)
    {
      gsize length = (data[pos] << 8) | data[pos + 1];
      GBytes *message;

      pos += 2;
      if (length > size - pos)
        length = size - pos;
      /* an exact-size heap copy */
      message = g_bytes_new_take (g_memdup2 (data + pos, length), length);
      pos += length;
      output = rdp_credssp_step (client, message, &error);
      g_bytes_unref (message);
      if (output == NULL)
        {
          FUZZ_CHECK (error != NULL && error->domain == RDP_ERROR && error->message[0] != '\0',
                      "a failure without an RDP_ERROR");
          g_clear_error (&error);
          failed = TRUE;
        }
      else
        {
          FUZZ_CHECK (!failed, "output after a failure");
          check_output (output);
          g_bytes_unref (output);
        }
    }
  {
    GError *closed = rdp_credssp_closed_error (client);

    FUZZ_CHECK (closed != NULL && closed->domain == RDP_ERROR, "no error for a closed connection");
    g_error_free (closed);
  }
  rdp_credssp_free (client);
  return 0;
}
