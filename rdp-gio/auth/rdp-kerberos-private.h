/* rdp-kerberos-private.h: Kerberos under CredSSP with MIT krb5, sans-I/O
 *
 * Two phases, both without any network I/O of its own:
 *
 * 1. Tickets. rdp_kerberos_new() starts the AS exchange for
 *    user@REALM with the password (krb5_init_creds_step()); then, once the
 *    TGT is there, the TGS exchange for TERMSRV/<host>@REALM
 *    (krb5_tkt_creds_step()). Every round trip is a KDC request that the
 *    driver takes with rdp_kerberos_next_kdc_request() (the bare Kerberos
 *    message and the realm of the KDC to send it to), sends through its
 *    network client and feeds the reply back with rdp_kerberos_kdc_reply(),
 *    until rdp_kerberos_has_tickets(). Both tickets go into a private
 *    MEMORY credential cache, never into a file.
 *
 * 2. The security context, through RdpAuthMechanism: SPNEGO tokens
 *    (GSSAPI's SPNEGO mechanism, 1.3.6.1.5.5.2, restricted to Kerberos
 *    5 underneath) — what Windows' CredSSP (the Negotiate package) puts into
 *    negoTokens: NegTokenInit with the AP-REQ, then the server's
 *    NegTokenResp with the AP-REP (mutual authentication). wrap()/unwrap()
 *    are gss_wrap()/gss_unwrap() with confidentiality, for pubKeyAuth and
 *    authInfo. GSSAPI only reads the memory cache: the target is the
 *    Kerberos principal name TERMSRV/<host>@REALM (not a host-based name:
 *    no canonicalisation, no DNS), and no delegation is asked for
 *    (CredSSP delegates the password itself, in TSCredentials), so
 *    gss_init_sec_context() never needs a KDC.
 *
 * Errors: a wrong password is RDP_ERROR_AUTHENTICATION_FAILED naming the
 * KDC's KDC_ERR_PREAUTH_FAILED (or KRB_AP_ERR_BAD_INTEGRITY when the KDC
 * does not ask for pre-authentication and the reply does not decrypt); an
 * unknown user, an expired password or a locked account are
 * RDP_ERROR_AUTHENTICATION_FAILED too; an unknown service principal and
 * other Kerberos failures RDP_ERROR_FAILED; a malformed KDC reply
 * RDP_ERROR_INVALID_DATA.
 *
 * The krb5 context reads the krb5 configuration (KRB5_CONFIG, else
 * /etc/krb5.conf) for defaults such as enctypes and clock skew; its KDC
 * entries are only read by rdp_kerberos_get_kdcs() for the driver.
 *
 * Secrets: the password arrives in a self-wiping GBytes; a NUL-terminated
 * copy is made for krb5_init_creds_set_password() and wiped right after
 * (krb5 keeps its own copy, which it wipes when the init_creds context is
 * freed: as soon as the TGT is there). Keys that krb5 and GSSAPI derive
 * (the AS reply key, session keys, the context's subkeys) live inside
 * their structures and are zeroed by krb5_free_keyblock_contents() and
 * gss_delete_sec_context() when freed; the memory cache is destroyed
 * (krb5_cc_destroy, which frees every credential through
 * krb5_free_cred_contents) when the mechanism is freed. What rdp-gio cannot
 * control: temporary buffers inside libkrb5/libgssapi (ASN.1 decoding of
 * the KDC replies, the encrypted-part decryption buffers) are freed by
 * them without a guaranteed wipe.
 *
 * Not thread-safe; one object per connection.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-auth-mechanism-private.h"

G_BEGIN_DECLS

typedef struct _RdpKerberos RdpKerberos;

/* A Kerberos client for @user in @realm (NULL: the default_realm of the
 * krb5 configuration) — @user is a bare name ("rdpuser", strip any
 * "DOMAIN\" first) or a UPN ("rdpuser@example.com", sent as an enterprise
 * name with canonicalization) —  with @password (a UTF-8 secret GBytes; it is copied,
 * no reference kept) for the service TERMSRV/@host. It prepares the first
 * AS request at once, so rdp_kerberos_next_kdc_request() has one. NULL
 * with @error when krb5 cannot start (no realm, a bad user name, …). */
RdpKerberos      *rdp_kerberos_new                (const char   *user,
                                                   const char   *realm,
                                                   GBytes       *password,
                                                   const char   *host,
                                                   GError      **error);
/* Frees @self (the same as rdp_auth_mechanism_free() of its mechanism). */
void              rdp_kerberos_free               (RdpKerberos  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdpKerberos, rdp_kerberos_free)

/* @self as a CredSSP mechanism: the same object, not a new one. Give it to
 * rdp_credssp_new(), which then owns it (the RdpKerberos pointer stays valid
 * as long as the RdpCredssp). */
RdpAuthMechanism *rdp_kerberos_get_mechanism      (RdpKerberos  *self);
/* The reverse: the RdpKerberos behind @mechanism, or NULL if it is another
 * mechanism (NTLM). */
RdpKerberos      *rdp_kerberos_from_mechanism     (RdpAuthMechanism *mechanism);

/* The KDC request waiting for its reply (the bare Kerberos message: no
 * length prefix, no KKDCP wrapping), or NULL when there is none (tickets
 * obtained or failed). The same request until rdp_kerberos_kdc_reply() is
 * called, so a driver may retry it elsewhere. @out_realm (optional): the
 * realm whose KDC must get it (free with g_free()). @out_tcp_only
 * (optional): TRUE when the KDC said the reply is too big for UDP
 * (KRB_ERR_RESPONSE_TOO_BIG): send it over TCP (or a KDC proxy). */
GBytes           *rdp_kerberos_next_kdc_request   (RdpKerberos  *self,
                                                   char        **out_realm,
                                                   gboolean     *out_tcp_only);
/* Feeds the KDC's reply (bare) to the pending request. FALSE with @error
 * when the exchange failed (see the errors above); after that every call
 * fails and no request is pending. */
gboolean          rdp_kerberos_kdc_reply          (RdpKerberos  *self,
                                                   GBytes       *reply,
                                                   GError      **error);
/* TRUE once the TGT and the service ticket are in the memory cache: the
 * mechanism's step() works from then on (before, it fails with
 * RDP_ERROR_FAILED). */
gboolean          rdp_kerberos_has_tickets        (RdpKerberos  *self);

/* The realm (after the default was looked up) and the service principal,
 * "TERMSRV/host@REALM". */
const char       *rdp_kerberos_get_realm          (RdpKerberos  *self);
const char       *rdp_kerberos_get_service_principal (RdpKerberos *self);

/* The `kdc` entries of @realm in the krb5 configuration, in order
 * ("host", "host:port", "tcp/host:port", "https://host/KdcProxy" — as
 * written there), NULL-terminated; an empty list when there are none (the
 * driver then asks DNS SRV). Free with g_strfreev(). */
char            **rdp_kerberos_get_kdcs           (RdpKerberos  *self,
                                                   const char   *realm);

/* The same as rdp_kerberos_get_kdcs() without a client: the `kdc`
 * entries of @realm in the krb5 configuration (an empty list when there
 * are none or krb5 cannot read its configuration). */
char            **rdp_kerberos_get_config_kdcs    (const char   *realm);

/* TRUE when @token, the server's SPNEGO answer, is a NegTokenResp whose
 * supportedMech is NTLM (1.3.6.1.4.1.311.2.2.10); the mechanism's step()
 * then fails with RDP_ERROR_NOT_SUPPORTED (only Kerberos was offered). */
gboolean          rdp_kerberos_spnego_selects_ntlm (GBytes      *token);

G_END_DECLS
