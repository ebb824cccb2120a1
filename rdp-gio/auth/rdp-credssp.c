/* rdp-credssp.c: the client's CredSSP exchange ([MS-CSSP] 3.1.5),
 * sans-I/O
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "rdp-credssp-private.h"
#include "rdp-ntlm-private.h"
#include "rdp-tsrequest-private.h"
#include "rdp-secret-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/* [MS-CSSP] 3.1.5: the magic strings include their NUL (38 bytes) */
static const char client_server_magic[] = "CredSSP Client-To-Server Binding Hash";
static const char server_client_magic[] = "CredSSP Server-To-Client Binding Hash";

#define NONCE_SIZE 32

typedef enum {
  CREDSSP_INITIAL,
  CREDSSP_NEGOTIATING,      /* NEGOTIATE sent, mechanism tokens flow */
  CREDSSP_WAIT_PUB_KEY,     /* pubKeyAuth sent, waiting for the server's */
  CREDSSP_DONE,             /* credentials sent */
  CREDSSP_FAILED,
} CredsspState;

struct _RdpCredssp {
  CredsspState state;
  RdpAuthMechanism *mechanism;
  char *domain;
  char *user;
  GBytes *password;
  GBytes *public_key;
  guint32 version;
  guint32 peer_version;
  gboolean hybrid_ex;
  guint rounds;
  RdpCredsspRandomFunc random;
  gpointer random_data;
  guint8 nonce[NONCE_SIZE];
  gboolean has_nonce;
};

static gboolean
default_random (guint8   *buffer,
                gsize     size,
                gpointer  user_data)
{
  return gnutls_rnd (GNUTLS_RND_NONCE, buffer, size) == 0;
}

RdpCredssp *
rdp_credssp_new (RdpAuthMechanism *mechanism,
                 const char       *domain,
                 const char       *user,
                 GBytes           *password,
                 GBytes           *server_public_key)
{
  RdpCredssp *self = g_new0 (RdpCredssp, 1);

  self->mechanism = mechanism;
  self->domain = g_strdup (domain != NULL ? domain : "");
  self->user = g_strdup (user != NULL ? user : "");
  self->password = password != NULL ? g_bytes_ref (password) : rdp_secret_new (NULL, 0);
  self->public_key = g_bytes_ref (server_public_key);
  self->version = RDP_CREDSSP_VERSION;
  rdp_credssp_set_random (self, NULL, NULL);
  return self;
}

RdpCredssp *
rdp_credssp_new_ntlm (const char *domain,
                      const char *user,
                      GBytes     *password,
                      const char *workstation,
                      const char *server_name,
                      GBytes     *server_public_key)
{
  g_autofree char *target = g_strconcat ("TERMSRV/", server_name, NULL);
  RdpNtlmConfig config = {
    .domain = domain, .user = user, .password = password,
    .workstation = workstation, .target_name = target,
  };

  return rdp_credssp_new (rdp_ntlm_mechanism_new (&config), domain, user, password, server_public_key);
}

void
rdp_credssp_free (RdpCredssp *self)
{
  if (self == NULL)
    return;
  rdp_auth_mechanism_free (self->mechanism);
  g_free (self->domain);
  g_free (self->user);
  g_bytes_unref (self->password);
  g_bytes_unref (self->public_key);
  rdp_secret_wipe (self, sizeof *self);
  g_free (self);
}

void
rdp_credssp_set_random (RdpCredssp           *self,
                        RdpCredsspRandomFunc  random,
                        gpointer              user_data)
{
  self->random = random != NULL ? random : default_random;
  self->random_data = random != NULL ? user_data : NULL;
}

void
rdp_credssp_set_version (RdpCredssp *self,
                         guint32     version)
{
  g_return_if_fail (version >= 2 && version <= RDP_CREDSSP_VERSION);
  self->version = version;
}

void
rdp_credssp_set_hybrid_ex (RdpCredssp *self,
                           gboolean    hybrid_ex)
{
  self->hybrid_ex = hybrid_ex;
}

RdpAuthMechanism *
rdp_credssp_get_mechanism (RdpCredssp *self)
{
  return self->mechanism;
}

gboolean
rdp_credssp_is_done (RdpCredssp *self)
{
  return self->state == CREDSSP_DONE;
}

gboolean
rdp_credssp_expects_early_user_auth_result (RdpCredssp *self)
{
  return self->state == CREDSSP_DONE && self->hybrid_ex;
}

guint32
rdp_credssp_get_peer_version (RdpCredssp *self)
{
  return self->peer_version;
}

/* SHA-256 (magic ‖ nonce ‖ public key) */
static GBytes *
binding_hash (RdpCredssp *self,
              const char *magic)
{
  GChecksum *checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize size = sizeof digest;

  g_checksum_update (checksum, (const guint8 *) magic, strlen (magic) + 1);
  g_checksum_update (checksum, self->nonce, NONCE_SIZE);
  g_checksum_update (checksum, g_bytes_get_data (self->public_key, NULL), g_bytes_get_size (self->public_key));
  g_checksum_get_digest (checksum, digest, &size);
  g_checksum_free (checksum);
  return g_bytes_new (digest, sizeof digest);
}

/* What the server must echo for versions 2-4: the public key with its
 * first byte incremented (FreeRDP and sspi-rs carry into the next bytes,
 * little-endian). */
static GBytes *
public_key_plus_one (RdpCredssp *self)
{
  gsize size;
  const guint8 *key = g_bytes_get_data (self->public_key, &size);
  guint8 *copy = g_memdup2 (key, size);

  for (gsize i = 0; i < size; i++)
    if (++copy[i] != 0)
      break;
  return g_bytes_new_take (copy, size);
}

static GBytes *
fail_with (RdpCredssp  *self,
           GError     **error,
           GError      *reason)
{
  self->state = CREDSSP_FAILED;
  g_propagate_error (error, reason);
  return NULL;
}

/* The TSRequest with @fields, version and nonce filled in. */
static GBytes *
encode (RdpCredssp   *self,
        RdpTsRequest *request,
        GError      **error)
{
  request->version = self->version;
  return rdp_ts_request_encode (request, error);
}

static GBytes *
step_initial (RdpCredssp  *self,
              GBytes      *input,
              GError     **error)
{
  g_autoptr(GBytes) token = NULL;
  RdpTsRequest request = { 0 };
  GError *local = NULL;
  GBytes *out;

  if (input != NULL)
    return fail_with (self, error, g_error_new (RDP_ERROR, RDP_ERROR_FAILED,
                                                _("CredSSP: the client speaks first")));
  token = rdp_auth_mechanism_step (self->mechanism, NULL, &local);
  if (token == NULL)
    return fail_with (self, error, local);
  request.nego_token = token;
  out = encode (self, &request, &local);
  if (out == NULL)
    return fail_with (self, error, local);
  self->state = CREDSSP_NEGOTIATING;
  return out;
}

/* Decodes the server's TSRequest, turns its errorCode into the error it
 * means, and notes its version. */
static gboolean
read_server_request (RdpCredssp    *self,
                     GBytes        *input,
                     RdpTsRequest  *request,
                     GError       **error)
{
  if (!rdp_ts_request_decode (g_bytes_get_data (input, NULL), g_bytes_get_size (input), request, error))
    {
      g_prefix_error (error, _("CredSSP: "));
      return FALSE;
    }
  if (request->has_error_code)
    {
      g_propagate_error (error, rdp_ntstatus_to_error (request->error_code));
      return FALSE;
    }
  /* a higher version than ours counts as ours */
  self->peer_version = MIN (request->version, self->version);
  return TRUE;
}

static GBytes *
step_negotiating (RdpCredssp  *self,
                  GBytes      *input,
                  GError     **error)
{
  g_auto(RdpTsRequest) request = { 0 };
  g_autoptr(GBytes) token = NULL, pub_key_auth = NULL, nonce = NULL;
  RdpTsRequest reply = { 0 };
  GError *local = NULL;
  GBytes *out;

  if (!read_server_request (self, input, &request, &local))
    return fail_with (self, error, local);
  if (request.nego_token == NULL)
    return fail_with (self, error, g_error_new (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                                                _("CredSSP: the server's answer has no %s token"),
                                                self->mechanism->klass->name));
  if (++self->rounds > RDP_CREDSSP_MAX_ROUNDS)
    return fail_with (self, error, g_error_new (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                                                _("CredSSP: the server does not end the negotiation after %d round trips"),
                                                RDP_CREDSSP_MAX_ROUNDS));
  token = rdp_auth_mechanism_step (self->mechanism, request.nego_token, &local);
  if (token == NULL)
    return fail_with (self, error, local);
  if (g_bytes_get_size (token) > 0)
    reply.nego_token = token;

  if (rdp_auth_mechanism_is_complete (self->mechanism))
    {
      g_autoptr(GBytes) plain = NULL;

      if (self->peer_version >= 5)
        {
          if (!self->random (self->nonce, NONCE_SIZE, self->random_data))
            return fail_with (self, error, g_error_new (RDP_ERROR, RDP_ERROR_FAILED,
                                                        _("No random numbers for the CredSSP nonce")));
          self->has_nonce = TRUE;
          plain = binding_hash (self, client_server_magic);
          nonce = g_bytes_new (self->nonce, NONCE_SIZE);
          reply.client_nonce = nonce;
        }
      else
        plain = g_bytes_ref (self->public_key);
      pub_key_auth = rdp_auth_mechanism_wrap (self->mechanism, plain, &local);
      if (pub_key_auth == NULL)
        return fail_with (self, error, local);
      reply.pub_key_auth = pub_key_auth;
    }
  out = encode (self, &reply, &local);
  if (out == NULL)
    return fail_with (self, error, local);
  if (rdp_auth_mechanism_is_complete (self->mechanism))
    self->state = CREDSSP_WAIT_PUB_KEY;
  return out;
}

static GError *
key_mismatch (void)
{
  return g_error_new (RDP_ERROR, RDP_ERROR_SERVER_KEY_MISMATCH,
                      _("The server could not prove that it holds the key of its certificate: "
                        "possible man-in-the-middle; the credentials were not sent"));
}

static GBytes *
step_wait_pub_key (RdpCredssp  *self,
                   GBytes      *input,
                   GError     **error)
{
  g_auto(RdpTsRequest) request = { 0 };
  g_autoptr(GBytes) plain = NULL, expected = NULL, credentials = NULL, auth_info = NULL;
  g_autoptr(GBytes) domain = NULL, user = NULL, password = NULL;
  RdpTsRequest reply = { 0 };
  GError *local = NULL;
  GBytes *out;

  if (!read_server_request (self, input, &request, &local))
    return fail_with (self, error, local);
  if (request.nego_token != NULL && rdp_auth_mechanism_is_complete (self->mechanism))
    return fail_with (self, error, g_error_new (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                                                _("CredSSP: the server sent another %s token after the exchange was complete"),
                                                self->mechanism->klass->name));
  if (request.pub_key_auth == NULL)
    return fail_with (self, error, g_error_new (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                                                _("CredSSP: the server's answer has no pubKeyAuth")));
  plain = rdp_auth_mechanism_unwrap (self->mechanism, request.pub_key_auth, &local);
  if (plain == NULL)
    {
      g_clear_error (&local);
      return fail_with (self, error, key_mismatch ());
    }
  expected = self->peer_version >= 5 ? binding_hash (self, server_client_magic)
                                     : public_key_plus_one (self);
  if (!g_bytes_equal (plain, expected))
    return fail_with (self, error, key_mismatch ());

  /* the server proved it: now, and only now, the credentials */
  {
    g_autoptr(GBytes) domain8 = rdp_secret_new_from_string (self->domain);
    g_autoptr(GBytes) user8 = rdp_secret_new_from_string (self->user);

    domain = rdp_secret_to_utf16le (domain8, NULL);
    user = rdp_secret_to_utf16le (user8, NULL);
    password = rdp_secret_to_utf16le (self->password, NULL);
  }
  if (domain == NULL || user == NULL || password == NULL)
    return fail_with (self, error, g_error_new (RDP_ERROR, RDP_ERROR_FAILED,
                                                _("The user name, domain or password is not valid UTF-8")));
  credentials = rdp_ts_credentials_encode_password (domain, user, password, &local);
  if (credentials == NULL)
    return fail_with (self, error, local);
  auth_info = rdp_auth_mechanism_wrap (self->mechanism, credentials, &local);
  if (auth_info == NULL)
    return fail_with (self, error, local);
  reply.auth_info = auth_info;
  if (self->peer_version >= 5 && self->has_nonce)
    reply.client_nonce = g_bytes_new (self->nonce, NONCE_SIZE);
  out = encode (self, &reply, &local);
  g_clear_pointer (&reply.client_nonce, g_bytes_unref);
  if (out == NULL)
    return fail_with (self, error, local);
  self->state = CREDSSP_DONE;
  return out;
}

GBytes *
rdp_credssp_step (RdpCredssp  *self,
                  GBytes      *input,
                  GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (self->state)
    {
    case CREDSSP_INITIAL:
      return step_initial (self, input, error);
    case CREDSSP_NEGOTIATING:
    case CREDSSP_WAIT_PUB_KEY:
      if (input == NULL)
        return fail_with (self, error, g_error_new (RDP_ERROR, RDP_ERROR_FAILED,
                                                    _("CredSSP: a step without the server's message")));
      return self->state == CREDSSP_NEGOTIATING ? step_negotiating (self, input, error)
                                                : step_wait_pub_key (self, input, error);
    case CREDSSP_DONE:
      return fail_with (self, error, g_error_new (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                                                  _("CredSSP: the server sent a message after the exchange ended")));
    case CREDSSP_FAILED:
    default:
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("CredSSP: the exchange has already failed"));
      return NULL;
    }
}

gboolean
rdp_credssp_check_early_user_auth_result (const guint8  *data,
                                          gsize          length,
                                          GError       **error)
{
  guint32 result;

  if (length != RDP_CREDSSP_EARLY_USER_AUTH_RESULT_SIZE)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("The Early User Authorization Result is %lu bytes long, not 4"), (gulong) length);
      return FALSE;
    }
  result = data[0] | (data[1] << 8) | (data[2] << 16) | ((guint32) data[3] << 24);
  if (result == 0)
    return TRUE;
  if (result == 5)
    g_set_error (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                 _("Authentication failed: the server denied access to this user (Early User Authorization Result ACCESS_DENIED)"));
  else
    g_set_error (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                 _("Authentication failed: the server's Early User Authorization Result is 0x%08x"), result);
  return FALSE;
}

GError *
rdp_credssp_closed_error (RdpCredssp *self)
{
  if (self->state == CREDSSP_WAIT_PUB_KEY || self->state == CREDSSP_DONE)
    return g_error_new (RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                        _("Authentication failed: the server closed the connection after checking the "
                          "credentials (most likely a wrong user name or password)"));
  return g_error_new (RDP_ERROR, RDP_ERROR_DISCONNECTED,
                      _("The server closed the connection during Network Level Authentication"));
}
