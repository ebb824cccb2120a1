/* fuzz-kerberos.c: the sans-I/O Kerberos client (rdp-gio/auth/
 * rdp-kerberos.c, MIT krb5's step APIs underneath) fed arbitrary KDC
 * replies and server SPNEGO tokens
 *
 * The input is a sequence of messages, each a 2-byte big-endian length and
 * that many bytes. Every message is fed as the KDC's reply to the pending
 * request (krb5_init_creds_step(): a KRB-ERROR such as
 * KDC_ERR_PREAUTH_REQUIRED makes krb5 send another AS request, so several
 * rounds are reachable) and to the SPNEGO answer parser; at the end the
 * whole input goes to the mechanism's step() as the server's SPNEGO token,
 * which must refuse it cleanly without tickets. A
 * forged AS-REP cannot decrypt without the password's key, so the tickets
 * (and the GSSAPI phase after them) are out of reach here: the real KDC
 * tests (tests/test-kerberos.c) cover that phase.
 *
 * Invariants:
 * - every failure is an RDP_ERROR with a message; after one, no request is
 *   pending and every reply fails;
 * - while a request is pending it is a non-empty message for the realm;
 * - no tickets come from a forged KDC;
 * - the mechanism's step() before the tickets fails with an RDP_ERROR.
 *
 * The krb5 configuration is an empty file (KRB5_CONFIG): no DNS, no KDC.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include <unistd.h>

#include "rdp-error.h"
#include "rdp-kerberos-private.h"
#include "rdp-secret-private.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  static const char conf[] = "[libdefaults]\n dns_lookup_kdc = false\n dns_lookup_realm = false\n"
                             " dns_canonicalize_hostname = false\n";
  g_autofree char *path = NULL;
  int fd;

  fuzz_init_glib ();
  fd = g_file_open_tmp ("fuzz-kerberos-krb5-XXXXXX.conf", &path, NULL);
  if (fd < 0 || write (fd, conf, sizeof conf - 1) != (ssize_t) (sizeof conf - 1))
    abort ();
  close (fd);
  g_setenv ("KRB5_CONFIG", path, TRUE);
  g_setenv ("KRB5CCNAME", "MEMORY:fuzz-kerberos", TRUE);
  g_unsetenv ("KRB5_TRACE");
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) password = rdp_secret_new_from_string ("Passw0rd!");
  RdpKerberos *krb;
  RdpAuthMechanism *mechanism;
  GError *error = NULL;
  gboolean failed = FALSE;
  gsize pos = 0;

  krb = rdp_kerberos_new ("rdpuser", "FUZZ.TEST", password, "fuzz.host", &error);
  FUZZ_CHECK (krb != NULL, "no client: %s", error ? error->message : "?");
  mechanism = rdp_kerberos_get_mechanism (krb);
  FUZZ_CHECK (rdp_kerberos_from_mechanism (mechanism) == krb, "mechanism mismatch");
  FUZZ_CHECK (strcmp (rdp_kerberos_get_service_principal (krb), "TERMSRV/fuzz.host@FUZZ.TEST") == 0,
              "service principal %s", rdp_kerberos_get_service_principal (krb));

  while (pos + 2 <= size)
    {
      gsize length = (data[pos] << 8) | data[pos + 1];
      g_autofree char *realm = NULL;
      GBytes *message, *request;
      gboolean tcp_only = FALSE;

      pos += 2;
      if (length > size - pos)
        length = size - pos;
      /* an exact-size heap copy */
      message = g_bytes_new_take (g_memdup2 (data + pos, length), length);
      pos += length;

      (void) rdp_kerberos_spnego_selects_ntlm (message);

      request = rdp_kerberos_next_kdc_request (krb, &realm, &tcp_only);
      FUZZ_CHECK (failed == (request == NULL), "a pending request after a failure, or none before");
      if (request != NULL)
        {
          FUZZ_CHECK (g_bytes_get_size (request) > 0, "an empty KDC request");
          FUZZ_CHECK (realm != NULL && strcmp (realm, "FUZZ.TEST") == 0, "request for realm %s",
                      realm ? realm : "(null)");
          g_bytes_unref (request);
        }
      if (length > 0)
        {
          if (!rdp_kerberos_kdc_reply (krb, message, &error))
            {
              FUZZ_CHECK (error != NULL && error->domain == RDP_ERROR && error->message[0] != '\0',
                          "a failure without an RDP_ERROR");
              g_clear_error (&error);
              failed = TRUE;
            }
          else
            FUZZ_CHECK (!failed, "a reply accepted after a failure");
        }
      FUZZ_CHECK (!rdp_kerberos_has_tickets (krb), "tickets from a forged KDC");
      g_bytes_unref (message);
    }

  /* the whole input as the server's SPNEGO token, without tickets */
  {
    g_autoptr(GBytes) input = g_bytes_new (data, size);
    GBytes *token = rdp_auth_mechanism_step (mechanism, input, &error);

    FUZZ_CHECK (token == NULL && error != NULL && error->domain == RDP_ERROR, "a token without tickets");
    g_clear_error (&error);
    FUZZ_CHECK (rdp_kerberos_next_kdc_request (krb, NULL, NULL) == NULL, "a request after step() failed");
  }
  rdp_kerberos_free (krb);
  return 0;
}
