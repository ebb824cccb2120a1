/* fuzz-ntlm.c: the NTLM CHALLENGE decoder and the client's answer to it
 * (rdp-gio/auth/rdp-ntlm.c) on arbitrary bytes
 *
 * Invariants:
 * - the decoder never reads past the length it is given (the input is a
 *   heap copy of exactly that length, so AddressSanitizer sees an
 *   over-read);
 * - it either succeeds, with every field and AV pair inside the input, or
 *   fails with an RDP_ERROR_INVALID_DATA error and a cleared result;
 * - the client answers a CHALLENGE that decodes with an AUTHENTICATE, or
 *   fails with RDP_ERROR_INVALID_DATA or RDP_ERROR_NOT_SUPPORTED; it
 *   answers nothing that does not decode.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-ntlm-private.h"
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
inside (const guint8 *p,
        gsize         length,
        const guint8 *data,
        gsize         size)
{
  return length == 0 || (p >= data && p + length <= data + size);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  guint8 *copy = g_memdup2 (data, size);
  RdpNtlmChallenge challenge;
  GError *error = NULL;
  gboolean decoded;

  decoded = rdp_ntlm_challenge_decode (copy, size, &challenge, &error);
  if (!decoded)
    {
      FUZZ_CHECK (g_error_matches (error, RDP_ERROR, RDP_ERROR_INVALID_DATA),
                  "error %s", error != NULL ? error->message : "(none)");
      FUZZ_CHECK (challenge.av_pairs == NULL && challenge.target_info == NULL, "result not cleared");
      g_clear_error (&error);
    }
  else
    {
      FUZZ_CHECK (inside (challenge.target_name, challenge.target_name_length, copy, size), "TargetName outside");
      FUZZ_CHECK (inside (challenge.target_info, challenge.target_info_length, copy, size), "TargetInfo outside");
      for (guint i = 0; i < challenge.av_pairs->len; i++)
        {
          const RdpNtlmAvPair *pair = &g_array_index (challenge.av_pairs, RdpNtlmAvPair, i);

          FUZZ_CHECK (inside (pair->value, pair->length, challenge.target_info, challenge.target_info_length),
                      "AV pair %u outside the target information", i);
        }
      FUZZ_CHECK (challenge.av_pairs->len <= RDP_NTLM_MAX_AV_PAIRS, "too many AV pairs");
      rdp_ntlm_challenge_clear (&challenge);
    }

  {
    g_autoptr(GBytes) password = rdp_secret_new_from_string ("Passw0rd!");
    RdpNtlmConfig config = {
      .domain = "WORKGROUP", .user = "rdpuser", .password = password,
      .workstation = "FUZZ", .target_name = "TERMSRV/fuzz",
    };
    RdpNtlmInputs inputs = { .timestamp = 1 };
    g_autoptr(RdpNtlm) ntlm = rdp_ntlm_new (&config);
    g_autoptr(GBytes) negotiate = NULL, authenticate = NULL;

    rdp_ntlm_set_inputs (ntlm, &inputs);
    negotiate = rdp_ntlm_negotiate (ntlm, NULL);
    authenticate = rdp_ntlm_authenticate (ntlm, copy, size, &error);
    if (authenticate == NULL)
      {
        FUZZ_CHECK (g_error_matches (error, RDP_ERROR, RDP_ERROR_INVALID_DATA) ||
                    g_error_matches (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED),
                    "error %s", error != NULL ? error->message : "(none)");
        FUZZ_CHECK (!rdp_ntlm_is_complete (ntlm), "complete after a failure");
        g_clear_error (&error);
      }
    else
      {
        FUZZ_CHECK (decoded, "an AUTHENTICATE for a CHALLENGE that does not decode");
        FUZZ_CHECK (rdp_ntlm_is_complete (ntlm), "not complete after the AUTHENTICATE");
      }
  }
  g_free (copy);
  return 0;
}
