/* rdp-license-private.h: sans-I/O codec of the licensing PDUs
 * ([MS-RDPBCGR] 2.2.1.12, [MS-RDPELE] 2.2.2) as a TLS/NLA client sees them:
 * the licensing preamble, the License Error Message (STATUS_VALID_CLIENT),
 * the Server License Request, the Client New License Request, the Server
 * Platform Challenge, the Client Platform Challenge Response and the Server
 * New/Upgrade License, plus the RSA public key of a server certificate
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-pdu-cursor-private.h"
#include "rdp-security-header-private.h"

G_BEGIN_DECLS

/* bMsgType ([MS-RDPBCGR] 2.2.1.12.1.1) */
typedef enum {
  RDP_LICENSE_REQUEST = 0x01,
  RDP_LICENSE_PLATFORM_CHALLENGE = 0x02,
  RDP_LICENSE_NEW_LICENSE = 0x03,
  RDP_LICENSE_UPGRADE_LICENSE = 0x04,
  RDP_LICENSE_INFO = 0x12,
  RDP_LICENSE_NEW_LICENSE_REQUEST = 0x13,
  RDP_LICENSE_PLATFORM_CHALLENGE_RESPONSE = 0x15,
  RDP_LICENSE_ERROR_ALERT = 0xff,
} RdpLicenseMsgType;

/* preamble flags: the version in the low 4 bits */
#define RDP_LICENSE_PREAMBLE_VERSION_2_0 0x02
#define RDP_LICENSE_PREAMBLE_VERSION_3_0 0x03
#define RDP_LICENSE_PREAMBLE_VERSION_MASK 0x0f
#define RDP_LICENSE_EXTENDED_ERROR_MSG_SUPPORTED 0x80

/* wBlobType ([MS-RDPBCGR] 2.2.1.12.1.2) */
#define RDP_LICENSE_BB_ANY_BLOB 0x0000
#define RDP_LICENSE_BB_DATA_BLOB 0x0001
#define RDP_LICENSE_BB_RANDOM_BLOB 0x0002
#define RDP_LICENSE_BB_CERTIFICATE_BLOB 0x0003
#define RDP_LICENSE_BB_ERROR_BLOB 0x0004
#define RDP_LICENSE_BB_ENCRYPTED_DATA_BLOB 0x0009
#define RDP_LICENSE_BB_KEY_EXCHG_ALG_BLOB 0x000d
#define RDP_LICENSE_BB_SCOPE_BLOB 0x000e
#define RDP_LICENSE_BB_CLIENT_USER_NAME_BLOB 0x000f
#define RDP_LICENSE_BB_CLIENT_MACHINE_NAME_BLOB 0x0010

/* dwErrorCode and dwStateTransition ([MS-RDPBCGR] 2.2.1.12.1.3) */
#define RDP_LICENSE_ERR_INVALID_SERVER_CERTIFICATE 0x00000001
#define RDP_LICENSE_ERR_NO_LICENSE 0x00000002
#define RDP_LICENSE_ERR_INVALID_SCOPE 0x00000004
#define RDP_LICENSE_ERR_NO_LICENSE_SERVER 0x00000006
#define RDP_LICENSE_STATUS_VALID_CLIENT 0x00000007
#define RDP_LICENSE_ERR_INVALID_CLIENT 0x00000008
#define RDP_LICENSE_ERR_INVALID_PRODUCTID 0x0000000b
#define RDP_LICENSE_ERR_INVALID_MESSAGE_LEN 0x0000000c
#define RDP_LICENSE_ERR_INVALID_MAC 0x00000003

#define RDP_LICENSE_ST_TOTAL_ABORT 0x00000001
#define RDP_LICENSE_ST_NO_TRANSITION 0x00000002
#define RDP_LICENSE_ST_RESET_PHASE_TO_START 0x00000003
#define RDP_LICENSE_ST_RESEND_LAST_MESSAGE 0x00000004

#define RDP_LICENSE_KEY_EXCHANGE_ALG_RSA 0x00000001
#define RDP_LICENSE_RANDOM_SIZE 32
#define RDP_LICENSE_MAC_SIZE 16

/* ---- licensing messages: each codec works on the licensing message, from
 * the preamble on (the body of an RdpSecurityPdu with RDP_SEC_LICENSE_PKT,
 * rdp-security-header-private.h). Decoders of the server's messages are
 * lenient where real servers are sloppy (wMsgSize + 4, BB_ANY_BLOB,
 * garbage in ignored fields); decoders of the client's own
 * messages (for tests and fuzzing) are strict, so that what they accept
 * re-encodes to the same bytes. Not done here: Client License Info (no
 * license cache yet) and all licensing cryptography (RSA encryption of the
 * premaster secret, key derivation, RC4, MAC): encoders take the encrypted
 * blobs and the MAC as they go on the wire. ---- */

typedef struct {
  guint8 msg_type;
  guint8 flags;
  /* as on the wire: the message size, or (IronRDP) the message size plus
   * the 4 bytes of the security header; both are accepted */
  guint16 msg_size;
} RdpLicensePreamble;

/* Reads and checks the preamble of a whole message (version 2 or 3;
 * wMsgSize = @length or @length + 4) and points @out_body at the rest. */
gboolean rdp_license_read_preamble (const guint8        *data,
                                    gsize                length,
                                    RdpLicensePreamble  *out_preamble,
                                    RdpPduReader        *out_body,
                                    GError             **error);

/* License Error Message ([MS-RDPBCGR] 2.2.1.12.1.3) */
typedef struct {
  RdpLicensePreamble preamble;
  guint32 error_code;
  guint32 state_transition;
  guint16 error_info_type;
  GBytes *error_info;
} RdpLicenseErrorMessage;

gboolean rdp_license_decode_error_message (const guint8            *data,
                                           gsize                    length,
                                           RdpLicenseErrorMessage  *out_message,
                                           GError                 **error);
void     rdp_license_error_message_clear  (RdpLicenseErrorMessage *message);
/* STATUS_VALID_CLIENT with ST_NO_TRANSITION: licensing is over. */
gboolean rdp_license_error_message_is_valid_client (const RdpLicenseErrorMessage *message);

/* Server License Request ([MS-RDPELE] 2.2.2.1). company_name and
 * product_id are the UTF-16LE strings in UTF-8, without the terminating NUL;
 * server_certificate is the certificate blob's bytes (proprietary or X.509
 * chain, see rdp_license_certificate_get_rsa_key()); scopes are the scope
 * strings (char *). */
typedef struct {
  RdpLicensePreamble preamble;
  guint8 server_random[RDP_LICENSE_RANDOM_SIZE];
  guint32 product_version;
  char *company_name;
  char *product_id;
  GBytes *key_exchange_list;
  GBytes *server_certificate;
  GPtrArray *scopes;
} RdpLicenseRequest;

gboolean rdp_license_decode_request (const guint8       *data,
                                     gsize               length,
                                     RdpLicenseRequest  *out_request,
                                     GError            **error);
void     rdp_license_request_clear  (RdpLicenseRequest *request);
/* Whether the key exchange list offers KEY_EXCHANGE_ALG_RSA. */
gboolean rdp_license_request_offers_rsa (const RdpLicenseRequest *request);

/* An RSA public key: the modulus big-endian, without leading zero bytes. */
typedef struct {
  guint32 exponent;
  GBytes *modulus;
} RdpLicenseRsaKey;

/* The RSA public key of a server certificate blob ([MS-RDPBCGR]
 * 2.2.1.4.3.1): the RSA1 blob of a proprietary certificate (its
 * little-endian modulus turned big-endian), or the key of the last
 * certificate of an X.509 chain (rsaEncryption or the
 * shaWithRSAEncryption OID of Windows license servers). Signatures are not
 * checked. */
gboolean rdp_license_certificate_get_rsa_key (const guint8      *data,
                                              gsize              length,
                                              RdpLicenseRsaKey  *out_key,
                                              GError           **error);
void     rdp_license_rsa_key_clear (RdpLicenseRsaKey *key);

/* Client New License Request ([MS-RDPELE] 2.2.2.2). The premaster secret
 * comes already encrypted (the RSA blob as on the wire: little-endian,
 * followed by 8 zero bytes); user_name and machine_name are written as
 * NUL-terminated byte strings. */
typedef struct {
  guint8 flags;
  guint32 key_exchange_alg;
  guint32 platform_id;
  guint8 client_random[RDP_LICENSE_RANDOM_SIZE];
  /* RDP_LICENSE_BB_ANY_BLOB (what mstsc sends) or RDP_LICENSE_BB_RANDOM_BLOB
   * (what the spec says); a decoder accepts only these two */
  guint16 premaster_blob_type;
  GBytes *encrypted_premaster_secret;
  char *user_name;
  char *machine_name;
} RdpLicenseNewLicenseRequest;

GBytes  *rdp_license_encode_new_license_request (const RdpLicenseNewLicenseRequest *request,
                                                 GError                           **error);
gboolean rdp_license_decode_new_license_request (const guint8                 *data,
                                                 gsize                         length,
                                                 RdpLicenseNewLicenseRequest  *out_request,
                                                 GError                      **error);
void     rdp_license_new_license_request_clear  (RdpLicenseNewLicenseRequest *request);

/* Server Platform Challenge ([MS-RDPELE] 2.2.2.4). connect_flags is
 * ignored by clients (garbage in real traffic), and so is the blob type. */
typedef struct {
  RdpLicensePreamble preamble;
  guint32 connect_flags;
  guint16 challenge_blob_type;
  GBytes *encrypted_challenge;
  guint8 mac[RDP_LICENSE_MAC_SIZE];
} RdpLicensePlatformChallenge;

gboolean rdp_license_decode_platform_challenge (const guint8                 *data,
                                                gsize                         length,
                                                RdpLicensePlatformChallenge  *out_challenge,
                                                GError                      **error);
void     rdp_license_platform_challenge_clear  (RdpLicensePlatformChallenge *challenge);

/* Client Platform Challenge Response ([MS-RDPELE] 2.2.2.5); both blobs come
 * already encrypted and the MAC already computed. */
typedef struct {
  guint8 flags;
  GBytes *encrypted_response;
  GBytes *encrypted_hwid;
  guint8 mac[RDP_LICENSE_MAC_SIZE];
} RdpLicensePlatformChallengeResponse;

GBytes  *rdp_license_encode_platform_challenge_response (const RdpLicensePlatformChallengeResponse *response,
                                                         GError                                   **error);
gboolean rdp_license_decode_platform_challenge_response (const guint8                         *data,
                                                         gsize                                 length,
                                                         RdpLicensePlatformChallengeResponse  *out_response,
                                                         GError                              **error);
void     rdp_license_platform_challenge_response_clear  (RdpLicensePlatformChallengeResponse *response);

/* Server New License / Upgrade License ([MS-RDPELE] 2.2.2.6, 2.2.2.7):
 * the encrypted license info and its MAC, not decrypted here. */
typedef struct {
  RdpLicensePreamble preamble;
  GBytes *encrypted_license_info;
  guint8 mac[RDP_LICENSE_MAC_SIZE];
} RdpLicenseNewLicense;

gboolean rdp_license_decode_new_license (const guint8          *data,
                                         gsize                  length,
                                         RdpLicenseNewLicense  *out_license,
                                         GError               **error);
void     rdp_license_new_license_clear  (RdpLicenseNewLicense *license);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpLicenseErrorMessage, rdp_license_error_message_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpLicenseRequest, rdp_license_request_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpLicenseRsaKey, rdp_license_rsa_key_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpLicenseNewLicenseRequest, rdp_license_new_license_request_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpLicensePlatformChallenge, rdp_license_platform_challenge_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpLicensePlatformChallengeResponse, rdp_license_platform_challenge_response_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpLicenseNewLicense, rdp_license_new_license_clear)

G_END_DECLS
