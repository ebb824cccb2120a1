/* rdp-license-client-private.h: the client's side of the licensing
 * exchange ([MS-RDPELE] 5.1): the premaster secret encrypted with the
 * server's RSA key, the licensing keys, the platform challenge response.
 * The PDUs themselves are pdu/rdp-license-private.h's business.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint8 client_random[32];
  guint8 server_random[32];
  guint8 premaster_secret[48];
  guint8 mac_salt_key[16];
  guint8 encryption_key[16];
  gboolean has_keys;
  /* where the client random and the premaster secret come from (the
   * connector's random source) */
  gboolean (*random) (guint8 *buffer, gsize size, gpointer user_data);
  gpointer random_data;
} RdpLicenseSession;

/* Wipes the secrets. */
void     rdp_license_session_clear (RdpLicenseSession *session);

/* Derives the MAC salt key and the licensing encryption key from the
 * randoms and the premaster secret already in @session ([MS-RDPELE]
 * 5.1.2). */
void     rdp_license_session_derive_keys (RdpLicenseSession *session);

/* The steps of rdp_license_session_derive_keys(), for known-answer tests:
 * MasterSecret = PreMasterHash('A') + PreMasterHash('BB') + PreMasterHash('CCC')
 * over (PremasterSecret, ClientRandom, ServerRandom), and
 * SessionKeyBlob = MasterHash('A') + … over (MasterSecret, ServerRandom,
 * ClientRandom) ([MS-RDPELE] 5.1.2). The MAC salt key is the first 16
 * bytes of the blob; the licensing encryption key is
 * MD5(SessionKeyBlob[16..32] + ClientRandom + ServerRandom). */
void     rdp_license_master_secret     (const guint8 premaster_secret[48],
                                        const guint8 client_random[32],
                                        const guint8 server_random[32],
                                        guint8       out_master_secret[48]);
void     rdp_license_session_key_blob  (const guint8 master_secret[48],
                                        const guint8 client_random[32],
                                        const guint8 server_random[32],
                                        guint8       out_session_key_blob[48]);

/* RSA without padding, as licensing wants it: @data (little-endian) raised
 * to @exponent modulo @modulus (big-endian); the result little-endian, as
 * long as the modulus, followed by 8 zero bytes. */
GBytes  *rdp_license_rsa_encrypt (const guint8 *data,
                                  gsize         data_length,
                                  const guint8 *modulus,
                                  gsize         modulus_length,
                                  guint32       exponent,
                                  GError      **error);

/* RC4 with the licensing encryption key (a fresh key stream each time). */
GBytes  *rdp_license_session_rc4 (const RdpLicenseSession *session,
                                  const guint8            *data,
                                  gsize                    length);

/* MACData = MD5(MacSaltKey + pad2 + SHA1(MacSaltKey + pad1 + length + data))
 * ([MS-RDPELE] 5.1.5) */
void     rdp_license_session_mac (const RdpLicenseSession *session,
                                  const guint8            *data,
                                  gsize                    length,
                                  guint8                   out_mac[16]);
/* Whether @mac is the MACData of @data (compared in constant time). */
gboolean rdp_license_session_check_mac (const RdpLicenseSession *session,
                                        const guint8            *data,
                                        gsize                    length,
                                        const guint8             mac[16]);

/* Answers a License Request (the licensing message, from its preamble):
 * fills @session and returns the New License Request message. */
GBytes  *rdp_license_client_answer_request   (RdpLicenseSession *session,
                                              const guint8      *message,
                                              gsize              length,
                                              const char        *user_name,
                                              const char        *machine_name,
                                              GError           **error);
/* Answers a Platform Challenge with the Platform Challenge Response
 * message, once the MAC of the decrypted challenge checks out
 * ([MS-RDPELE] 2.2.2.4, 5.1.5): RDP_ERROR_INVALID_DATA if it does not. */
GBytes  *rdp_license_client_answer_challenge (RdpLicenseSession *session,
                                              const guint8      *message,
                                              gsize              length,
                                              GError           **error);

G_END_DECLS
