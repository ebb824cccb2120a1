/* rdp-ntlm-private.h: an NTLMv2 client ([MS-NLMP]), sans-I/O
 *
 * NEGOTIATE → CHALLENGE → AUTHENTICATE (NTLMv2 response, MIC when the
 * server sends MsvAvTimestamp, key exchange), then GSS_WrapEx/UnwrapEx
 * sealing and signing for CredSSP. Time, the client challenge and the
 * random session key are inputs (rdp_ntlm_set_inputs()), so that every
 * message can be reproduced in a test.
 *
 * The password, the NT hash, NTOWFv2 and every key live in self-wiping
 * buffers (rdp-secret-private.h) or are wiped when the context is freed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-auth-mechanism-private.h"

G_BEGIN_DECLS

/* NegotiateFlags ([MS-NLMP] 2.2.2.5) */
#define RDP_NTLM_NEGOTIATE_UNICODE                  0x00000001u
#define RDP_NTLM_NEGOTIATE_OEM                      0x00000002u
#define RDP_NTLM_REQUEST_TARGET                     0x00000004u
#define RDP_NTLM_NEGOTIATE_SIGN                     0x00000010u
#define RDP_NTLM_NEGOTIATE_SEAL                     0x00000020u
#define RDP_NTLM_NEGOTIATE_LM_KEY                   0x00000080u
#define RDP_NTLM_NEGOTIATE_NTLM                     0x00000200u
#define RDP_NTLM_NEGOTIATE_ALWAYS_SIGN              0x00008000u
#define RDP_NTLM_NEGOTIATE_EXTENDED_SESSIONSECURITY 0x00080000u
#define RDP_NTLM_NEGOTIATE_TARGET_INFO              0x00800000u
#define RDP_NTLM_NEGOTIATE_VERSION                  0x02000000u
#define RDP_NTLM_NEGOTIATE_128                      0x20000000u
#define RDP_NTLM_NEGOTIATE_KEY_EXCH                 0x40000000u
#define RDP_NTLM_NEGOTIATE_56                       0x80000000u

/* What the client asks for by default (as Windows and sspi-rs do). */
#define RDP_NTLM_DEFAULT_FLAGS 0xe20882b7u

/* AV_PAIR ids ([MS-NLMP] 2.2.2.1) */
typedef enum {
  RDP_NTLM_AV_EOL = 0,
  RDP_NTLM_AV_NB_COMPUTER_NAME = 1,
  RDP_NTLM_AV_NB_DOMAIN_NAME = 2,
  RDP_NTLM_AV_DNS_COMPUTER_NAME = 3,
  RDP_NTLM_AV_DNS_DOMAIN_NAME = 4,
  RDP_NTLM_AV_DNS_TREE_NAME = 5,
  RDP_NTLM_AV_FLAGS = 6,
  RDP_NTLM_AV_TIMESTAMP = 7,
  RDP_NTLM_AV_SINGLE_HOST = 8,
  RDP_NTLM_AV_TARGET_NAME = 9,
  RDP_NTLM_AV_CHANNEL_BINDINGS = 10,
} RdpNtlmAvId;

/* MsvAvFlags: the AUTHENTICATE carries a MIC */
#define RDP_NTLM_AV_FLAG_MIC 0x00000002u

/* At most this many AV pairs in a CHALLENGE (a real one has about 6). */
#define RDP_NTLM_MAX_AV_PAIRS 64

typedef struct {
  guint16 id;
  guint16 length;
  const guint8 *value;   /* inside the decoded message */
} RdpNtlmAvPair;

/* A decoded CHALLENGE_MESSAGE; pointers are into the message bytes. */
typedef struct {
  guint32 flags;
  guint8 server_challenge[8];
  const guint8 *target_name;
  gsize target_name_length;
  const guint8 *target_info;    /* the raw AV pair list (with EOL) */
  gsize target_info_length;
  gboolean has_version;
  guint8 version[8];
  GArray *av_pairs;             /* of RdpNtlmAvPair, without the EOL */
  gboolean has_timestamp;
  guint64 timestamp;            /* MsvAvTimestamp, FILETIME */
} RdpNtlmChallenge;

/* Decodes a CHALLENGE_MESSAGE: every field and AV pair is bounds-checked;
 * anything out of bounds, an AV list without MsvAvEOL or a pair longer than
 * what remains fails with RDP_ERROR_INVALID_DATA (and @out is cleared). */
gboolean rdp_ntlm_challenge_decode (const guint8      *data,
                                    gsize              length,
                                    RdpNtlmChallenge  *out,
                                    GError           **error);
void     rdp_ntlm_challenge_clear  (RdpNtlmChallenge  *challenge);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpNtlmChallenge, rdp_ntlm_challenge_clear)

/* The one-way functions ([MS-NLMP] 3.3.2). @password is UTF-8 (a secret
 * GBytes); user and domain UTF-8 strings (NULL = empty). FALSE with @error
 * on invalid UTF-8. */
gboolean rdp_ntlm_nt_hash          (GBytes     *password,
                                    guint8      out[16],
                                    GError    **error);
gboolean rdp_ntlm_ntowfv2          (GBytes     *password,
                                    const char *user,
                                    const char *domain,
                                    guint8      out[16],
                                    GError    **error);
/* The same from the NT hash (what a server knows). */
gboolean rdp_ntlm_ntowfv2_from_hash (const guint8  nt_hash[16],
                                     const char   *user,
                                     const char   *domain,
                                     guint8        out[16],
                                     GError      **error);

void     rdp_ntlm_hmac_md5         (const guint8 *key,
                                    gsize         key_length,
                                    const guint8 *data1,
                                    gsize         length1,
                                    const guint8 *data2,
                                    gsize         length2,
                                    guint8        out[16]);

/* SIGNKEY / SEALKEY ([MS-NLMP] 3.4.5.2, 3.4.5.3) for @flags (ESS, 128, 56)
 * and the direction. */
void     rdp_ntlm_sign_key         (const guint8 exported_session_key[16],
                                    gboolean     client_to_server,
                                    guint8       out[16]);
void     rdp_ntlm_seal_key         (const guint8 exported_session_key[16],
                                    guint32      flags,
                                    gboolean     client_to_server,
                                    guint8       out[16]);

/* The sealing state of one side of an established context
 * (connection-oriented: one RC4 stream per direction, sequence numbers
 * from 0). A client has @is_client TRUE; the in-test server uses FALSE. */
typedef struct _RdpNtlmSealing RdpNtlmSealing;

RdpNtlmSealing *rdp_ntlm_sealing_new    (const guint8  exported_session_key[16],
                                         guint32       flags,
                                         gboolean      is_client);
void            rdp_ntlm_sealing_free   (RdpNtlmSealing *sealing);
/* signature (16 bytes) ‖ sealed data */
GBytes         *rdp_ntlm_sealing_wrap   (RdpNtlmSealing *sealing,
                                         const guint8   *data,
                                         gsize           length);
/* the plaintext (self-wiping), or NULL with RDP_ERROR_INVALID_DATA if the
 * signature does not match */
GBytes         *rdp_ntlm_sealing_unwrap (RdpNtlmSealing *sealing,
                                         const guint8   *data,
                                         gsize           length,
                                         GError        **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdpNtlmSealing, rdp_ntlm_sealing_free)

/* What an NTLM client says about itself. Everything but the names has a
 * default; the rest are knobs that tests use to reproduce other clients'
 * messages byte for byte. */
typedef struct {
  const char *domain;          /* NULL or "" for none */
  const char *user;
  GBytes *password;            /* UTF-8, self-wiping (a reference is taken) */
  const char *workstation;     /* NULL: none */
  const char *target_name;     /* the SPN, "TERMSRV/<host>"; NULL: none */
  /* the gss_channel_bindings_struct (MsvAvChannelBindings is its MD5);
   * NULL: 16 zero bytes when the server sent a timestamp */
  GBytes *channel_bindings;
  guint32 flags;               /* 0: RDP_NTLM_DEFAULT_FLAGS */
  gboolean has_version;        /* FALSE: the default version */
  guint8 version[8];
  GBytes *single_host;         /* MsvAvSingleHost value; NULL: none */
  guint target_info_padding;   /* zeros after MsvAvEOL (FreeRDP: 4) */
} RdpNtlmConfig;

/* The per-exchange inputs. Without rdp_ntlm_set_inputs() they come from
 * GnuTLS's key generator and the real clock. */
typedef struct {
  guint64 timestamp;           /* FILETIME, when the CHALLENGE has none */
  guint8 client_challenge[8];
  guint8 random_session_key[16];
} RdpNtlmInputs;

typedef struct _RdpNtlm RdpNtlm;

RdpNtlm  *rdp_ntlm_new                (const RdpNtlmConfig *config);
void      rdp_ntlm_free               (RdpNtlm             *self);
void      rdp_ntlm_set_inputs         (RdpNtlm             *self,
                                       const RdpNtlmInputs *inputs);
/* The NEGOTIATE_MESSAGE (once). */
GBytes   *rdp_ntlm_negotiate          (RdpNtlm             *self,
                                       GError             **error);
/* The AUTHENTICATE_MESSAGE for @challenge (once: a second CHALLENGE is an
 * error). */
GBytes   *rdp_ntlm_authenticate       (RdpNtlm             *self,
                                       const guint8        *challenge,
                                       gsize                length,
                                       GError             **error);
gboolean  rdp_ntlm_is_complete        (RdpNtlm             *self);
/* The flags of the AUTHENTICATE, once sent. */
guint32   rdp_ntlm_get_flags          (RdpNtlm             *self);
/* ExportedSessionKey (self-wiping), once complete. */
GBytes   *rdp_ntlm_get_session_key    (RdpNtlm             *self);
GBytes   *rdp_ntlm_wrap               (RdpNtlm             *self,
                                       const guint8        *data,
                                       gsize                length,
                                       GError             **error);
GBytes   *rdp_ntlm_unwrap             (RdpNtlm             *self,
                                       const guint8        *data,
                                       gsize                length,
                                       GError             **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdpNtlm, rdp_ntlm_free)

/* An NTLM client as a CredSSP mechanism (owns a new RdpNtlm). */
RdpAuthMechanism *rdp_ntlm_mechanism_new (const RdpNtlmConfig *config);
/* The RdpNtlm inside (to set inputs in tests). */
RdpNtlm          *rdp_ntlm_mechanism_get_ntlm (RdpAuthMechanism *mechanism);

G_END_DECLS
