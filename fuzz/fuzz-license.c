/* fuzz-license.c: the licensing decoders (rdp-gio/pdu/rdp-license.c) and the
 * auto-detect / multitransport decoders (rdp-gio/pdu/rdp-autodetect.c) on
 * arbitrary bytes
 *
 * Every decoder sees the input as it is; the input is also decoded as a
 * whole licensing PDU (TPKT, MCS Send Data, security header, message).
 *
 * Invariants:
 * - no decoder reads past the length it is given (the input is a heap copy
 *   of exactly that length, so AddressSanitizer sees any over-read);
 * - a decoder either succeeds without an error or fails with an
 *   RDP_ERROR_INVALID_DATA error and a zeroed result (nothing leaks);
 * - what the client-side encoders can write (New License Request, Platform
 *   Challenge Response, auto-detect requests and responses, multitransport
 *   requests) re-encodes, once decoded, to the very same bytes;
 * - a preamble that decodes has a wMsgSize of the message size, or that
 *   plus 4;
 * - a Platform Challenge that decodes is answered by the license client
 *   (with the keys of the recorded Windows 2008 exchange, under which the
 *   seed from S6 carries a valid MAC) with a response that decodes, or
 *   refused with RDP_ERROR_INVALID_DATA (a MAC that does not match);
 * - a security PDU that decodes gives flagsHi to act on only under
 *   SEC_FLAGSHI_VALID.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-autodetect-private.h"
#include "rdp-license-private.h"
#include "rdp-license-client-private.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The licensing keys of the recorded Windows 2008 exchange: the client's
 * null keys and the server random of S5 */
static RdpLicenseSession w2008_session;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  static const guint8 server_random[32] = {
    0xa4, 0x4b, 0x52, 0xea, 0x69, 0x81, 0x00, 0x98, 0x74, 0x43, 0x14, 0xf4, 0xf0, 0x8e, 0x90, 0xcb,
    0xf8, 0xd3, 0xbb, 0x1d, 0x59, 0xc2, 0x74, 0x45, 0x84, 0x60, 0x56, 0x88, 0x25, 0xb8, 0xb2, 0xcf,
  };

  fuzz_init_glib ();
  memcpy (w2008_session.server_random, server_random, sizeof server_random);
  rdp_license_session_derive_keys (&w2008_session);
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
all_zero (const void *p,
          gsize       size)
{
  const guint8 *b = p;
  gsize i;

  for (i = 0; i < size; i++)
    if (b[i] != 0)
      return FALSE;
  return TRUE;
}

/* Runs DECODE (an expression that sets error) on a zero-initialized
 * OUT and checks the invariants of a failure. */
#define FUZZ_DECODE(ok, out, decode)                                    \
  G_STMT_START {                                                        \
    g_autoptr(GError) error_ = NULL;                                    \
    GError **error = &error_;                                           \
    memset (&(out), 0xaa, sizeof (out));                                \
    (ok) = (decode);                                                    \
    if (!(ok))                                                          \
      {                                                                 \
        check_error (error_);                                           \
        FUZZ_CHECK (all_zero (&(out), sizeof (out)), "result not zeroed on failure"); \
      }                                                                 \
    else                                                                \
      FUZZ_CHECK (error_ == NULL, "success with an error");             \
  } G_STMT_END

static void
check_same (GBytes       *again,
            const guint8 *data,
            gsize         size,
            const char   *what)
{
  FUZZ_CHECK (again != NULL, "%s does not re-encode", what);
  FUZZ_CHECK (g_bytes_get_size (again) == size &&
              memcmp (g_bytes_get_data (again, NULL), data, size) == 0,
              "%s re-encodes to other bytes", what);
}

static void
fuzz_message (const guint8 *data,
              gsize         size)
{
  gboolean ok;
  RdpLicensePreamble preamble;
  RdpPduReader body;

  FUZZ_DECODE (ok, preamble, rdp_license_read_preamble (data, size, &preamble, &body, error));
  if (ok)
    FUZZ_CHECK (preamble.msg_size == size || preamble.msg_size == size + 4, "wMsgSize %u", preamble.msg_size);

  {
    RdpLicenseErrorMessage m;

    FUZZ_DECODE (ok, m, rdp_license_decode_error_message (data, size, &m, error));
    if (ok)
      {
        FUZZ_CHECK (m.error_info != NULL, "no error info");
        rdp_license_error_message_clear (&m);
      }
  }
  {
    RdpLicenseRequest r;

    FUZZ_DECODE (ok, r, rdp_license_decode_request (data, size, &r, error));
    if (ok)
      {
        RdpLicenseRsaKey key;
        gsize cert_size;
        g_autofree guint8 *cert = g_memdup2 (g_bytes_get_data (r.server_certificate, &cert_size),
                                             g_bytes_get_size (r.server_certificate));

        FUZZ_CHECK (r.company_name && r.product_id && r.scopes, "missing fields");
        FUZZ_DECODE (ok, key, rdp_license_certificate_get_rsa_key (cert, cert_size, &key, error));
        if (ok)
          rdp_license_rsa_key_clear (&key);
        rdp_license_request_clear (&r);
      }
  }
  {
    RdpLicensePlatformChallenge c;

    FUZZ_DECODE (ok, c, rdp_license_decode_platform_challenge (data, size, &c, error));
    if (ok)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) answer = rdp_license_client_answer_challenge (&w2008_session, data, size, &error);

        rdp_license_platform_challenge_clear (&c);
        if (answer == NULL)
          check_error (error);
        else
          {
            RdpLicensePlatformChallengeResponse r;
            gsize answer_size;
            g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (answer, &answer_size),
                                                 g_bytes_get_size (answer));

            FUZZ_CHECK (error == NULL, "an answer with an error");
            FUZZ_DECODE (ok, r, rdp_license_decode_platform_challenge_response (copy, answer_size, &r, error));
            FUZZ_CHECK (ok, "the answer to a Platform Challenge does not decode");
            rdp_license_platform_challenge_response_clear (&r);
          }
      }
  }
  {
    RdpLicenseNewLicense l;

    FUZZ_DECODE (ok, l, rdp_license_decode_new_license (data, size, &l, error));
    if (ok)
      rdp_license_new_license_clear (&l);
  }
  {
    RdpLicenseNewLicenseRequest r;

    FUZZ_DECODE (ok, r, rdp_license_decode_new_license_request (data, size, &r, error));
    if (ok)
      {
        g_autoptr(GBytes) again = rdp_license_encode_new_license_request (&r, NULL);

        check_same (again, data, size, "New License Request");
        rdp_license_new_license_request_clear (&r);
      }
  }
  {
    RdpLicensePlatformChallengeResponse r;

    FUZZ_DECODE (ok, r, rdp_license_decode_platform_challenge_response (data, size, &r, error));
    if (ok)
      {
        g_autoptr(GBytes) again = rdp_license_encode_platform_challenge_response (&r, NULL);

        check_same (again, data, size, "Platform Challenge Response");
        rdp_license_platform_challenge_response_clear (&r);
      }
  }
}

static void
fuzz_other (const guint8 *data,
            gsize         size)
{
  gboolean ok;

  {
    RdpLicenseRsaKey key;

    FUZZ_DECODE (ok, key, rdp_license_certificate_get_rsa_key (data, size, &key, error));
    if (ok)
      {
        FUZZ_CHECK (key.modulus != NULL && g_bytes_get_size (key.modulus) > 0 &&
                    ((const guint8 *) g_bytes_get_data (key.modulus, NULL))[0] != 0, "bad modulus");
        rdp_license_rsa_key_clear (&key);
      }
  }
  {
    RdpAutodetectRequest r;

    FUZZ_DECODE (ok, r, rdp_autodetect_decode_request (data, size, &r, error));
    if (ok)
      {
        g_autoptr(GBytes) again = rdp_autodetect_encode_request (&r, NULL);

        check_same (again, data, size, "Auto-Detect Request");
      }
  }
  {
    RdpAutodetectResponse r;

    FUZZ_DECODE (ok, r, rdp_autodetect_decode_response (data, size, &r, error));
    if (ok)
      {
        g_autoptr(GBytes) again = rdp_autodetect_encode_response (&r, NULL);

        check_same (again, data, size, "Auto-Detect Response");
      }
  }
  {
    RdpMultitransportRequest r;

    FUZZ_DECODE (ok, r, rdp_multitransport_decode_request (data, size, &r, error));
    if (ok)
      {
        g_autoptr(GBytes) again = rdp_multitransport_encode_request (&r);

        check_same (again, data, size, "Multitransport Request");
      }
  }
  {
    g_autoptr(GError) error = NULL;
    guint32 id, hr;

    if (!rdp_multitransport_decode_response (data, size, &id, &hr, &error))
      check_error (error);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree guint8 *copy = size ? g_memdup2 (data, size) : NULL;
  RdpSecurityPdu sec_pdu;
  gboolean ok;

  fuzz_message (copy, size);
  fuzz_other (copy, size);

  FUZZ_DECODE (ok, sec_pdu, rdp_security_pdu_decode (copy, size, &sec_pdu, error));
  if (ok)
    {
      /* The body again, in its own exact-size copy. */
      g_autofree guint8 *body = sec_pdu.body_length ? g_memdup2 (sec_pdu.body, sec_pdu.body_length) : NULL;

      FUZZ_CHECK (sec_pdu.body + sec_pdu.body_length <= copy + size, "body past the input");
      FUZZ_CHECK ((sec_pdu.header.flags & RDP_SEC_FLAGSHI_VALID) ||
                  rdp_security_header_flags_hi (&sec_pdu.header) == 0, "flagsHi acted on without SEC_FLAGSHI_VALID");
      fuzz_message (body, sec_pdu.body_length);
      fuzz_other (body, sec_pdu.body_length);
    }
  return 0;
}
