/* rdp-tsrequest-private.h: the CredSSP messages ([MS-CSSP] 2.2.1):
 * TSRequest, TSCredentials and TSPasswordCreds in DER, with libtasn1 (the
 * module is rdp-credssp.asn); and the NTSTATUS codes a server reports in
 * errorCode, as readable errors.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The highest CredSSP version rdp-gio speaks; a peer with a higher one is
 * treated as this one ([MS-CSSP] 3.1.5). */
#define RDP_CREDSSP_VERSION 6

/* A TSRequest. Absent fields are NULL (has_error_code FALSE); a decoded
 * NegoData keeps only its first token (CredSSP never sends more). */
typedef struct {
  guint32 version;
  GBytes *nego_token;
  GBytes *auth_info;
  GBytes *pub_key_auth;
  gboolean has_error_code;
  guint32 error_code;           /* an NTSTATUS, as unsigned */
  GBytes *client_nonce;
} RdpTsRequest;

/* The DER of @request (self-wiping: authInfo carries the sealed
 * credentials). */
GBytes  *rdp_ts_request_encode (const RdpTsRequest *request,
                                GError            **error);
/* Decodes exactly @length bytes of DER; anything else (truncated, trailing
 * bytes, a wrong tag, a version below 2 or an errorCode that is no 32-bit
 * integer) fails with RDP_ERROR_INVALID_DATA and leaves @out cleared. */
gboolean rdp_ts_request_decode (const guint8       *data,
                                gsize               length,
                                RdpTsRequest       *out,
                                GError            **error);
void     rdp_ts_request_clear  (RdpTsRequest       *request);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpTsRequest, rdp_ts_request_clear)

/* credType of TSCredentials */
#define RDP_TS_CREDENTIALS_PASSWORD 1
#define RDP_TS_CREDENTIALS_SMART_CARD 2

/* TSCredentials { credType 1, TSPasswordCreds } from the UTF-16LE
 * domain, user and password (an empty GBytes for an empty field), as a
 * self-wiping GBytes. */
GBytes  *rdp_ts_credentials_encode_password (GBytes        *domain,
                                             GBytes        *user,
                                             GBytes        *password,
                                             GError       **error);
/* TSCredentials: the type and the inner DER (self-wiping). */
gboolean rdp_ts_credentials_decode          (const guint8  *data,
                                             gsize          length,
                                             guint32       *out_cred_type,
                                             GBytes       **out_credentials,
                                             GError       **error);
/* TSPasswordCreds: the three UTF-16LE strings (self-wiping). */
gboolean rdp_ts_password_creds_decode       (const guint8  *data,
                                             gsize          length,
                                             GBytes       **out_domain,
                                             GBytes       **out_user,
                                             GBytes       **out_password,
                                             GError       **error);

/* The symbolic name of an NTSTATUS a server may report during NLA
 * ("STATUS_LOGON_FAILURE"), or NULL for one rdp-gio does not know. */
const char *rdp_ntstatus_get_name      (guint32 status);
/* An RDP_ERROR_AUTHENTICATION_FAILED error whose translated message says
 * what @status means for the user (wrong password, locked account, …) and
 * names the code. */
GError     *rdp_ntstatus_to_error      (guint32 status);

G_END_DECLS
