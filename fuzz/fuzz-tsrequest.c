/* fuzz-tsrequest.c: the CredSSP DER decoders (rdp-gio/auth/rdp-tsrequest.c)
 * on arbitrary bytes: TSRequest, TSCredentials, TSPasswordCreds
 *
 * Invariants:
 * - no decoder reads past the length it is given (exact-size heap copy);
 * - a decoder either succeeds or fails with RDP_ERROR_INVALID_DATA and a
 *   cleared result;
 * - a TSRequest that decodes re-encodes, and that encoding decodes to the
 *   same fields; the same for TSPasswordCreds.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-tsrequest-private.h"
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

static gboolean
same (GBytes *a,
      GBytes *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_bytes_equal (a, b);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  guint8 *copy = g_memdup2 (data, size);
  RdpTsRequest request, again;
  GError *error = NULL;

  if (rdp_ts_request_decode (copy, size, &request, &error))
    {
      GBytes *encoded = rdp_ts_request_encode (&request, &error);

      FUZZ_CHECK (encoded != NULL, "re-encoding failed: %s", error->message);
      FUZZ_CHECK (rdp_ts_request_decode (g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded),
                                         &again, &error),
                  "the re-encoding does not decode: %s", error->message);
      FUZZ_CHECK (again.version == request.version && same (again.nego_token, request.nego_token) &&
                  same (again.auth_info, request.auth_info) && same (again.pub_key_auth, request.pub_key_auth) &&
                  same (again.client_nonce, request.client_nonce) &&
                  again.has_error_code == request.has_error_code && again.error_code == request.error_code,
                  "the re-encoding decodes to other fields");
      rdp_ts_request_clear (&again);
      rdp_ts_request_clear (&request);
      g_bytes_unref (encoded);
    }
  else
    {
      check_error (error);
      FUZZ_CHECK (request.nego_token == NULL && request.pub_key_auth == NULL && request.auth_info == NULL &&
                  request.client_nonce == NULL, "result not cleared");
      g_clear_error (&error);
    }

  {
    GBytes *inner = NULL, *domain = NULL, *user = NULL, *password = NULL;
    guint32 type;

    if (rdp_ts_credentials_decode (copy, size, &type, &inner, &error))
      {
        FUZZ_CHECK (inner != NULL, "no credentials");
        g_bytes_unref (inner);
      }
    else
      {
        check_error (error);
        FUZZ_CHECK (inner == NULL, "result not cleared");
        g_clear_error (&error);
      }
    if (rdp_ts_password_creds_decode (copy, size, &domain, &user, &password, &error))
      {
        GBytes *encoded = rdp_ts_credentials_encode_password (domain, user, password, &error);
        GBytes *d2 = NULL, *u2 = NULL, *p2 = NULL;

        FUZZ_CHECK (encoded != NULL, "re-encoding failed");
        FUZZ_CHECK (rdp_ts_credentials_decode (g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded),
                                               &type, &inner, &error) && type == 1,
                    "the re-encoding does not decode");
        FUZZ_CHECK (rdp_ts_password_creds_decode (g_bytes_get_data (inner, NULL), g_bytes_get_size (inner),
                                                  &d2, &u2, &p2, &error),
                    "the inner re-encoding does not decode");
        FUZZ_CHECK (g_bytes_equal (d2, domain) && g_bytes_equal (u2, user) && g_bytes_equal (p2, password),
                    "the re-encoding decodes to other strings");
        g_bytes_unref (d2);
        g_bytes_unref (u2);
        g_bytes_unref (p2);
        g_bytes_unref (inner);
        g_bytes_unref (encoded);
        g_bytes_unref (domain);
        g_bytes_unref (user);
        g_bytes_unref (password);
      }
    else
      {
        check_error (error);
        FUZZ_CHECK (domain == NULL && user == NULL && password == NULL, "result not cleared");
        g_clear_error (&error);
      }
  }
  g_free (copy);
  return 0;
}
