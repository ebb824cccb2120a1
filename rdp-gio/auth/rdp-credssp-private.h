/* rdp-credssp-private.h: the client's CredSSP exchange ([MS-CSSP]),
 * sans-I/O
 *
 * Bytes in, bytes out, like the connector: the driver writes what
 * rdp_credssp_step() returns (raw DER on the TLS stream, no TPKT) and feeds
 * it every TSRequest it reads (RDP_PDU_HINT_CREDSSP), until
 * rdp_credssp_is_done(). With HYBRID_EX it then reads the 4-byte Early User
 * Authorization Result and checks it with
 * rdp_credssp_check_early_user_auth_result().
 *
 *   step (NULL)        → TSRequest { negoTokens: NEGOTIATE }
 *   step (CHALLENGE)   → TSRequest { negoTokens: AUTHENTICATE, pubKeyAuth,
 *                                    clientNonce (v5+) }
 *   step (pubKeyAuth)  → TSRequest { authInfo: sealed TSCredentials }
 *                        — only after the server proved it holds the key
 *                        of the certificate (else
 *                        RDP_ERROR_SERVER_KEY_MISMATCH and nothing sent)
 *
 * The security mechanism (NTLM; Kerberos later) is plugged under it through
 * RdpAuthMechanism (rdp-auth-mechanism-private.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-auth-mechanism-private.h"

G_BEGIN_DECLS

/* Fills @buffer with @size random bytes; FALSE if it cannot (the same
 * signature as the connector's RdpRandomFunc). */
typedef gboolean (*RdpCredsspRandomFunc) (guint8   *buffer,
                                          gsize     size,
                                          gpointer  user_data);

/* More round trips than this during the mechanism's negotiation and the
 * server is not going to finish. */
#define RDP_CREDSSP_MAX_ROUNDS 8

/* The size of the Early User Authorization Result PDU (HYBRID_EX). */
#define RDP_CREDSSP_EARLY_USER_AUTH_RESULT_SIZE 4

typedef struct _RdpCredssp RdpCredssp;

/* A CredSSP client over @mechanism (taken). @domain and @user are UTF-8
 * (NULL = empty), @password a UTF-8 secret GBytes (a reference is taken),
 * @server_public_key the SubjectPublicKey of the server's certificate (the
 * contents of the BIT STRING, e.g. an RSAPublicKey "30 82 01 0a …"). */
RdpCredssp *rdp_credssp_new       (RdpAuthMechanism *mechanism,
                                   const char       *domain,
                                   const char       *user,
                                   GBytes           *password,
                                   GBytes           *server_public_key);
/* The same with NTLM underneath: the workstation name (NULL: none) and the
 * target name TERMSRV/@server_name. */
RdpCredssp *rdp_credssp_new_ntlm  (const char       *domain,
                                   const char       *user,
                                   GBytes           *password,
                                   const char       *workstation,
                                   const char       *server_name,
                                   GBytes           *server_public_key);
void        rdp_credssp_free      (RdpCredssp       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdpCredssp, rdp_credssp_free)

/* The source of the 32-byte client nonce (GnuTLS's by default; NULL
 * restores it). */
void        rdp_credssp_set_random  (RdpCredssp           *self,
                                     RdpCredsspRandomFunc  random,
                                     gpointer              user_data);
/* The version the client announces, 2..6 (6 by default). */
void        rdp_credssp_set_version (RdpCredssp           *self,
                                     guint32               version);
/* TRUE when HYBRID_EX was selected: an Early User Authorization Result
 * follows the exchange. */
void        rdp_credssp_set_hybrid_ex (RdpCredssp         *self,
                                       gboolean            hybrid_ex);
/* The mechanism, e.g. to give rdp_ntlm_mechanism_get_ntlm() fixed inputs
 * in a test. */
RdpAuthMechanism *rdp_credssp_get_mechanism (RdpCredssp   *self);

/* Feeds one TSRequest from the server (NULL for the first call) and
 * returns the TSRequest to send (self-wiping), or NULL with @error:
 * - the server's errorCode: RDP_ERROR_AUTHENTICATION_FAILED naming the
 *   NTSTATUS;
 * - a pubKeyAuth that does not match: RDP_ERROR_SERVER_KEY_MISMATCH;
 * - malformed input: RDP_ERROR_INVALID_DATA;
 * - a repeated CHALLENGE, more rounds than the protocol has, or anything
 *   after the end: RDP_ERROR_INVALID_DATA naming it.
 * After an error every further call fails. */
GBytes     *rdp_credssp_step      (RdpCredssp       *self,
                                   GBytes           *input,
                                   GError          **error);
/* TRUE once the credentials are sent: nothing more to read but, with
 * HYBRID_EX, the Early User Authorization Result. */
gboolean    rdp_credssp_is_done   (RdpCredssp       *self);
gboolean    rdp_credssp_expects_early_user_auth_result (RdpCredssp *self);
/* The version both sides speak (min of both), once the server answered;
 * 0 before. */
guint32     rdp_credssp_get_peer_version (RdpCredssp *self);

/* Checks the 4-byte Early User Authorization Result: 0 is success, 5
 * (ACCESS_DENIED) RDP_ERROR_AUTHENTICATION_FAILED, another size
 * RDP_ERROR_INVALID_DATA. */
gboolean    rdp_credssp_check_early_user_auth_result (const guint8 *data,
                                                      gsize         length,
                                                      GError      **error);

/* The error for a server that closed the connection in the middle of the
 * exchange: after the AUTHENTICATE that is how some servers (CredSSP v2,
 * xrdp, gnome-remote-desktop) say "wrong credentials", so
 * RDP_ERROR_AUTHENTICATION_FAILED; before it, RDP_ERROR_DISCONNECTED. */
GError     *rdp_credssp_closed_error (RdpCredssp *self);

G_END_DECLS
