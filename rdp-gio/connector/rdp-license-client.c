/* rdp-license-client.c: the client's side of the licensing exchange
 * ([MS-RDPELE] 5.1)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <gmp.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <nettle/arcfour.h>

#include "rdp-license-client-private.h"
#include "rdp-secret-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"
#include "rdp-pdu-cursor-private.h"
#include "rdp-license-private.h"

/* [MS-RDPELE] 2.2.2.2: CLIENT_OS_ID_WINNT_POST_52 | CLIENT_IMAGE_ID_MICROSOFT */
#define PLATFORM_ID 0x04010000u
/* [MS-RDPELE] 2.2.2.5.1 */
#define PLATFORM_CHALLENGE_RESPONSE_VERSION 0x0100
#define OTHER_PLATFORM_CHALLENGE_TYPE 0xff00
#define LICENSE_DETAIL_DETAIL 0x0003

void
rdp_license_session_clear (RdpLicenseSession *session)
{
  gboolean (*random) (guint8 *, gsize, gpointer) = session->random;
  gpointer random_data = session->random_data;

  /* the randoms, the premaster secret and the keys; the random source
   * stays */
  rdp_secret_wipe (session, sizeof *session);
  session->random = random;
  session->random_data = random_data;
}

static void
digest (GChecksumType  type,
        const guint8  *parts[],
        const gsize    lengths[],
        guint          n_parts,
        guint8        *out)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (type);
  gsize length = g_checksum_type_get_length (type);

  for (guint i = 0; i < n_parts; i++)
    g_checksum_update (checksum, parts[i], lengths[i]);
  g_checksum_get_digest (checksum, out, &length);
}

/* The I of [MS-RDPELE] 5.1.2's SaltedHash */
static const char * const salts[] = { "A", "BB", "CCC" };

/* SaltedHash(S, I, R1, R2) = MD5(S + SHA1(I + S + R1 + R2)), S 48 bytes */
static void
salted_hash (const guint8 *salt,
             const char   *input,
             const guint8 *random1,
             const guint8 *random2,
             guint8        out[16])
{
  guint8 sha1[20];
  const guint8 *sha_parts[] = { (const guint8 *) input, salt, random1, random2 };
  const gsize sha_lengths[] = { strlen (input), 48, 32, 32 };
  const guint8 *md5_parts[] = { salt, sha1 };
  const gsize md5_lengths[] = { 48, sizeof sha1 };

  digest (G_CHECKSUM_SHA1, sha_parts, sha_lengths, 4, sha1);
  digest (G_CHECKSUM_MD5, md5_parts, md5_lengths, 2, out);
}

void
rdp_license_master_secret (const guint8 premaster_secret[48],
                           const guint8 client_random[32],
                           const guint8 server_random[32],
                           guint8       out_master_secret[48])
{
  /* PreMasterHash(I) = SaltedHash(PremasterSecret, I, ClientRandom, ServerRandom) */
  for (guint i = 0; i < G_N_ELEMENTS (salts); i++)
    salted_hash (premaster_secret, salts[i], client_random, server_random, out_master_secret + 16 * i);
}

void
rdp_license_session_key_blob (const guint8 master_secret[48],
                              const guint8 client_random[32],
                              const guint8 server_random[32],
                              guint8       out_session_key_blob[48])
{
  /* MasterHash(I) = SaltedHash(MasterSecret, I, ServerRandom, ClientRandom):
   * the randoms the other way round */
  for (guint i = 0; i < G_N_ELEMENTS (salts); i++)
    salted_hash (master_secret, salts[i], server_random, client_random, out_session_key_blob + 16 * i);
}

void
rdp_license_session_derive_keys (RdpLicenseSession *session)
{
  guint8 master_secret[48];
  guint8 session_key_blob[48];
  const guint8 *parts[3];
  gsize lengths[3];

  rdp_license_master_secret (session->premaster_secret, session->client_random,
                             session->server_random, master_secret);
  rdp_license_session_key_blob (master_secret, session->client_random,
                                session->server_random, session_key_blob);

  memcpy (session->mac_salt_key, session_key_blob, 16);
  /* LicensingEncryptionKey = MD5(SessionKeyBlob[16..32] + ClientRandom + ServerRandom) */
  parts[0] = session_key_blob + 16;
  lengths[0] = 16;
  parts[1] = session->client_random;
  lengths[1] = 32;
  parts[2] = session->server_random;
  lengths[2] = 32;
  digest (G_CHECKSUM_MD5, parts, lengths, 3, session->encryption_key);
  session->has_keys = TRUE;

  rdp_secret_wipe (master_secret, sizeof master_secret);
  rdp_secret_wipe (session_key_blob, sizeof session_key_blob);
}

GBytes *
rdp_license_rsa_encrypt (const guint8  *data,
                         gsize          data_length,
                         const guint8  *modulus,
                         gsize          modulus_length,
                         guint32        exponent,
                         GError       **error)
{
  mpz_t m, n, c;
  guint8 *out;
  gsize count = 0;

  if (modulus_length < data_length + 1 || modulus_length > 1024)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("The server's licensing key is unusable (%u-byte modulus)"), (guint) modulus_length);
      return NULL;
    }
  mpz_inits (m, n, c, NULL);
  mpz_import (m, data_length, -1, 1, 0, 0, data);
  mpz_import (n, modulus_length, 1, 1, 0, 0, modulus);
  mpz_powm_ui (c, m, exponent, n);
  out = g_malloc0 (modulus_length + 8);
  mpz_export (out, &count, -1, 1, 0, 0, c);
  g_assert (count <= modulus_length);
  mpz_clears (m, n, c, NULL);
  return g_bytes_new_take (out, modulus_length + 8);
}

GBytes *
rdp_license_session_rc4 (const RdpLicenseSession *session,
                         const guint8            *data,
                         gsize                    length)
{
  struct arcfour_ctx rc4;
  guint8 *out = g_malloc (MAX (length, 1));

  arcfour_set_key (&rc4, sizeof session->encryption_key, session->encryption_key);
  arcfour_crypt (&rc4, length, out, data);
  rdp_secret_wipe (&rc4, sizeof rc4);
  return g_bytes_new_take (out, length);
}

void
rdp_license_session_mac (const RdpLicenseSession *session,
                         const guint8            *data,
                         gsize                    length,
                         guint8                   out_mac[16])
{
  guint8 pad1[40], pad2[48], length_le[4], sha1[20];
  guint32 length32 = (guint32) length;
  const guint8 *sha_parts[] = { session->mac_salt_key, pad1, length_le, data };
  const gsize sha_lengths[] = { 16, sizeof pad1, sizeof length_le, length };
  const guint8 *md5_parts[] = { session->mac_salt_key, pad2, sha1 };
  const gsize md5_lengths[] = { 16, sizeof pad2, sizeof sha1 };

  memset (pad1, 0x36, sizeof pad1);
  memset (pad2, 0x5c, sizeof pad2);
  length_le[0] = length32 & 0xff;
  length_le[1] = (length32 >> 8) & 0xff;
  length_le[2] = (length32 >> 16) & 0xff;
  length_le[3] = (length32 >> 24) & 0xff;
  digest (G_CHECKSUM_SHA1, sha_parts, sha_lengths, 4, sha1);
  digest (G_CHECKSUM_MD5, md5_parts, md5_lengths, 3, out_mac);
}

gboolean
rdp_license_session_check_mac (const RdpLicenseSession *session,
                               const guint8            *data,
                               gsize                    length,
                               const guint8             mac[16])
{
  guint8 expected[16];
  guint8 difference = 0;

  rdp_license_session_mac (session, data, length, expected);
  for (guint i = 0; i < sizeof expected; i++)
    difference |= expected[i] ^ mac[i];
  return difference == 0;
}

GBytes *
rdp_license_client_answer_request (RdpLicenseSession  *session,
                                   const guint8       *message,
                                   gsize               length,
                                   const char         *user_name,
                                   const char         *machine_name,
                                   GError            **error)
{
  g_auto(RdpLicenseRequest) request = { 0 };
  g_auto(RdpLicenseRsaKey) key = { 0 };
  g_auto(RdpLicenseNewLicenseRequest) answer = { 0 };
  GBytes *bytes;

  if (!rdp_license_decode_request (message, length, &request, error))
    return NULL;
  if (!rdp_license_request_offers_rsa (&request))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                   _("The server's License Request offers no RSA key exchange"));
      return NULL;
    }
  if (request.server_certificate == NULL || g_bytes_get_size (request.server_certificate) == 0)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                   _("The server's License Request carries no certificate"));
      return NULL;
    }
  if (!rdp_license_certificate_get_rsa_key (g_bytes_get_data (request.server_certificate, NULL),
                                            g_bytes_get_size (request.server_certificate), &key, error))
    return NULL;

  memcpy (session->server_random, request.server_random, sizeof session->server_random);
  if (session->random == NULL ||
      !session->random (session->client_random, sizeof session->client_random, session->random_data) ||
      !session->random (session->premaster_secret, sizeof session->premaster_secret, session->random_data))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("No random numbers for the licensing exchange"));
      return NULL;
    }
  rdp_license_session_derive_keys (session);

  answer.flags = RDP_LICENSE_PREAMBLE_VERSION_3_0 | RDP_LICENSE_EXTENDED_ERROR_MSG_SUPPORTED;
  answer.key_exchange_alg = RDP_LICENSE_KEY_EXCHANGE_ALG_RSA;
  answer.platform_id = PLATFORM_ID;
  memcpy (answer.client_random, session->client_random, sizeof answer.client_random);
  answer.premaster_blob_type = RDP_LICENSE_BB_RANDOM_BLOB;
  answer.encrypted_premaster_secret =
    rdp_license_rsa_encrypt (session->premaster_secret, sizeof session->premaster_secret,
                             g_bytes_get_data (key.modulus, NULL), g_bytes_get_size (key.modulus),
                             key.exponent, error);
  if (answer.encrypted_premaster_secret == NULL)
    return NULL;
  answer.user_name = g_strdup (user_name && *user_name ? user_name : "rdp-gio");
  answer.machine_name = g_strdup (machine_name && *machine_name ? machine_name : "rdp-gio");

  bytes = rdp_license_encode_new_license_request (&answer, error);
  return bytes;
}

GBytes *
rdp_license_client_answer_challenge (RdpLicenseSession  *session,
                                     const guint8       *message,
                                     gsize               length,
                                     GError            **error)
{
  g_auto(RdpLicensePlatformChallenge) challenge = { 0 };
  g_auto(RdpLicensePlatformChallengeResponse) response = { 0 };
  g_autoptr(GBytes) plain_challenge = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 hwid[20] = { 0 };
  gsize response_length;

  if (!session->has_keys)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
                   _("The server sent a Platform Challenge before a License Request"));
      return NULL;
    }
  if (!rdp_license_decode_platform_challenge (message, length, &challenge, error))
    return NULL;
  plain_challenge = rdp_license_session_rc4 (session, g_bytes_get_data (challenge.encrypted_challenge, NULL),
                                             g_bytes_get_size (challenge.encrypted_challenge));
  if (g_bytes_get_size (plain_challenge) > G_MAXUINT16)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA, _("The platform challenge is too long"));
      return NULL;
    }
  /* MACData is over the decrypted challenge ([MS-RDPELE] 2.2.2.4): a
   * mismatch is a server that does not hold the keys, or a corrupted
   * challenge */
  if (!rdp_license_session_check_mac (session, g_bytes_get_data (plain_challenge, NULL),
                                      g_bytes_get_size (plain_challenge), challenge.mac))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA, _("The server's licensing MAC does not match"));
      return NULL;
    }

  /* PLATFORM_CHALLENGE_RESPONSE_DATA, then the HWID, both under the MAC */
  rdp_pdu_write_u16le (data, PLATFORM_CHALLENGE_RESPONSE_VERSION);
  rdp_pdu_write_u16le (data, OTHER_PLATFORM_CHALLENGE_TYPE);
  rdp_pdu_write_u16le (data, LICENSE_DETAIL_DETAIL);
  rdp_pdu_write_u16le (data, g_bytes_get_size (plain_challenge));
  rdp_pdu_write_bytes (data, g_bytes_get_data (plain_challenge, NULL), g_bytes_get_size (plain_challenge));
  response_length = data->len;
  hwid[0] = PLATFORM_ID & 0xff;
  hwid[1] = (PLATFORM_ID >> 8) & 0xff;
  hwid[2] = (PLATFORM_ID >> 16) & 0xff;
  hwid[3] = (PLATFORM_ID >> 24) & 0xff;
  rdp_pdu_write_bytes (data, hwid, sizeof hwid);

  response.flags = RDP_LICENSE_PREAMBLE_VERSION_3_0;
  response.encrypted_response = rdp_license_session_rc4 (session, data->data, response_length);
  response.encrypted_hwid = rdp_license_session_rc4 (session, hwid, sizeof hwid);
  rdp_license_session_mac (session, data->data, data->len, response.mac);
  return rdp_license_encode_platform_challenge_response (&response, error);
}
