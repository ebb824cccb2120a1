/* rdp-tsrequest.c: the CredSSP messages in DER, with libtasn1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <libtasn1.h>

#include "rdp-tsrequest-private.h"
#include "rdp-secret-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/* generated from rdp-credssp.asn by asn1Parser at build time */
extern const asn1_static_node rdp_credssp_asn1_tab[];

static gpointer
load_definitions (gpointer data)
{
  asn1_node definitions = NULL;
  char message[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";

  if (asn1_array2tree (rdp_credssp_asn1_tab, &definitions, message) != ASN1_SUCCESS)
    g_error ("the CredSSP ASN.1 module does not load: %s", message);
  return definitions;
}

static asn1_node
definitions (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_definitions, NULL);
}

static asn1_node
new_element (const char *type)
{
  asn1_node node = NULL;
  int ret = asn1_create_element (definitions (), type, &node);

  /* only fails for a type that is not in the module */
  g_assert (ret == ASN1_SUCCESS);
  return node;
}

/* Deletes @node, wiping every value in it. */
static void
delete_element (asn1_node *node)
{
  if (*node != NULL)
    asn1_delete_structure2 (node, ASN1_DELETE_FLAG_ZEROIZE);
}

static gboolean
encode_failed (const char  *what,
               int          ret,
               GError     **error)
{
  g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("Cannot encode a %s: %s"),
               what, asn1_strerror (ret));
  return FALSE;
}

static gboolean
write_integer (asn1_node    node,
               const char  *name,
               guint32      value,
               GError     **error)
{
  /* two's complement, big-endian: libtasn1 strips the redundant leading
   * bytes, so 6 is 02 01 06 and 0xc000006d is 02 04 c0 00 00 6d */
  guint8 be[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };
  int ret = asn1_write_value (node, name, be, 4);

  if (ret != ASN1_SUCCESS)
    return encode_failed (name, ret, error);
  return TRUE;
}

static gboolean
write_bytes (asn1_node    node,
             const char  *name,
             GBytes      *value,
             GError     **error)
{
  gsize size = 0;
  gconstpointer data = value != NULL ? g_bytes_get_data (value, &size) : NULL;
  int ret;

  if (value == NULL)
    ret = asn1_write_value (node, name, NULL, 0);     /* drops an OPTIONAL */
  else if (size == 0)
    ret = asn1_write_value (node, name, "", 0);
  else if (size > G_MAXINT)
    ret = ASN1_MEM_ERROR;
  else
    ret = asn1_write_value (node, name, data, (int) size);
  if (ret != ASN1_SUCCESS)
    return encode_failed (name, ret, error);
  return TRUE;
}

/* The DER of @node, self-wiping. */
static GBytes *
der_encode (asn1_node    node,
            const char  *what,
            GError     **error)
{
  char message[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
  int length = 0, ret;
  guint8 *buffer;

  ret = asn1_der_coding (node, "", NULL, &length, message);
  if (ret != ASN1_MEM_ERROR)
    {
      encode_failed (what, ret, error);
      return NULL;
    }
  buffer = g_malloc (length > 0 ? length : 1);
  ret = asn1_der_coding (node, "", buffer, &length, message);
  if (ret != ASN1_SUCCESS)
    {
      g_free (buffer);
      encode_failed (what, ret, error);
      return NULL;
    }
  return rdp_secret_new_take (buffer, length);
}

/* Decodes exactly @length bytes of DER into a new @type element. */
static asn1_node
der_decode (const char    *type,
            const char    *what,
            const guint8  *data,
            gsize          length,
            GError       **error)
{
  char message[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
  asn1_node node;
  int consumed, ret;

  if (length > G_MAXINT)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA, _("A %s is too large"), what);
      return NULL;
    }
  node = new_element (type);
  consumed = (int) length;
  ret = asn1_der_decoding2 (&node, data, &consumed, 0, message);
  if (ret != ASN1_SUCCESS)
    {
      delete_element (&node);
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA, _("Malformed %s: %s"),
                   what, asn1_strerror (ret));
      return NULL;
    }
  if ((gsize) consumed != length)
    {
      delete_element (&node);
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Malformed %s: %lu bytes after its end"), what, (gulong) (length - consumed));
      return NULL;
    }
  return node;
}

/* An OCTET STRING of a decoded element: FALSE on error; *out NULL if the
 * OPTIONAL element is absent. */
static gboolean
read_bytes (asn1_node    node,
            const char  *name,
            const char  *what,
            GBytes     **out,
            GError     **error)
{
  int length = 0, ret;
  guint8 *buffer;

  *out = NULL;
  ret = asn1_read_value (node, name, NULL, &length);
  if (ret == ASN1_ELEMENT_NOT_FOUND || ret == ASN1_VALUE_NOT_FOUND)
    return TRUE;
  if (ret == ASN1_SUCCESS && length == 0)
    {
      *out = rdp_secret_new (NULL, 0);
      return TRUE;
    }
  if (ret != ASN1_MEM_ERROR)
    goto fail;
  buffer = g_malloc (length);
  ret = asn1_read_value (node, name, buffer, &length);
  if (ret != ASN1_SUCCESS)
    {
      g_free (buffer);
      goto fail;
    }
  *out = rdp_secret_new_take (buffer, length);
  return TRUE;

fail:
  g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA, _("Malformed %s: %s: %s"),
               what, name, asn1_strerror (ret));
  return FALSE;
}

/* An INTEGER that fits 32 bits (signed, or unsigned with a leading zero
 * byte), as unsigned. */
static gboolean
read_integer (asn1_node    node,
              const char  *name,
              const char  *what,
              gboolean    *out_present,
              guint32     *out_value,
              GError     **error)
{
  guint8 buffer[5];
  int length = sizeof buffer, ret;
  guint32 value;

  *out_present = FALSE;
  *out_value = 0;
  ret = asn1_read_value (node, name, buffer, &length);
  if (ret == ASN1_ELEMENT_NOT_FOUND || ret == ASN1_VALUE_NOT_FOUND)
    return TRUE;
  if (ret != ASN1_SUCCESS || length < 1 || (length == 5 && buffer[0] != 0))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Malformed %s: %s is not a 32-bit integer"), what, name);
      return FALSE;
    }
  value = (buffer[0] & 0x80) ? G_MAXUINT32 : 0;     /* sign extension */
  for (int i = 0; i < length; i++)
    value = (value << 8) | buffer[i];
  *out_present = TRUE;
  *out_value = value;
  return TRUE;
}

/* ---- TSRequest ---- */

void
rdp_ts_request_clear (RdpTsRequest *request)
{
  g_clear_pointer (&request->nego_token, g_bytes_unref);
  g_clear_pointer (&request->auth_info, g_bytes_unref);
  g_clear_pointer (&request->pub_key_auth, g_bytes_unref);
  g_clear_pointer (&request->client_nonce, g_bytes_unref);
  memset (request, 0, sizeof *request);
}

GBytes *
rdp_ts_request_encode (const RdpTsRequest  *request,
                       GError             **error)
{
  asn1_node node = new_element ("CredSSP.TSRequest");
  GBytes *result = NULL;
  int ret;

  if (!write_integer (node, "version", request->version, error))
    goto out;
  if (request->nego_token != NULL)
    {
      if ((ret = asn1_write_value (node, "negoTokens", "NEW", 1)) != ASN1_SUCCESS)
        {
          encode_failed ("TSRequest", ret, error);
          goto out;
        }
      if (!write_bytes (node, "negoTokens.?LAST.negoToken", request->nego_token, error))
        goto out;
    }
  else if ((ret = asn1_write_value (node, "negoTokens", NULL, 0)) != ASN1_SUCCESS)
    {
      encode_failed ("TSRequest", ret, error);
      goto out;
    }
  if (!write_bytes (node, "authInfo", request->auth_info, error) ||
      !write_bytes (node, "pubKeyAuth", request->pub_key_auth, error) ||
      !write_bytes (node, "clientNonce", request->client_nonce, error))
    goto out;
  if (request->has_error_code)
    {
      if (!write_integer (node, "errorCode", request->error_code, error))
        goto out;
    }
  else if ((ret = asn1_write_value (node, "errorCode", NULL, 0)) != ASN1_SUCCESS)
    {
      encode_failed ("TSRequest", ret, error);
      goto out;
    }
  result = der_encode (node, "TSRequest", error);

out:
  delete_element (&node);
  return result;
}

gboolean
rdp_ts_request_decode (const guint8  *data,
                       gsize          length,
                       RdpTsRequest  *out,
                       GError       **error)
{
  asn1_node node;
  gboolean present;

  memset (out, 0, sizeof *out);
  node = der_decode ("CredSSP.TSRequest", "TSRequest", data, length, error);
  if (node == NULL)
    return FALSE;
  if (!read_integer (node, "version", "TSRequest", &present, &out->version, error))
    goto fail;
  /* (libtasn1 takes a bare "30 82" for an empty SEQUENCE: the version is
   * mandatory) */
  if (!present || out->version < 2 || out->version > G_MAXINT32)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Malformed TSRequest: version %d"), (gint32) out->version);
      goto fail;
    }
  if (!read_bytes (node, "negoTokens.?1.negoToken", "TSRequest", &out->nego_token, error) ||
      !read_bytes (node, "authInfo", "TSRequest", &out->auth_info, error) ||
      !read_bytes (node, "pubKeyAuth", "TSRequest", &out->pub_key_auth, error) ||
      !read_integer (node, "errorCode", "TSRequest", &out->has_error_code, &out->error_code, error) ||
      !read_bytes (node, "clientNonce", "TSRequest", &out->client_nonce, error))
    goto fail;
  delete_element (&node);
  return TRUE;

fail:
  delete_element (&node);
  rdp_ts_request_clear (out);
  return FALSE;
}

/* ---- TSCredentials ---- */

GBytes *
rdp_ts_credentials_encode_password (GBytes  *domain,
                                    GBytes  *user,
                                    GBytes  *password,
                                    GError **error)
{
  asn1_node creds = new_element ("CredSSP.TSPasswordCreds");
  asn1_node credentials = NULL;
  g_autoptr(GBytes) inner = NULL;
  g_autoptr(GBytes) placeholder = NULL;
  g_autoptr(GBytes) encoded = NULL;
  gsize password_size = g_bytes_get_size (password);
  gsize inner_size, encoded_size;
  const guint8 *inner_data;
  guint8 *data;
  GBytes *result = NULL;

  /* libtasn1 copies values into its tree and frees temporary buffers of
   * the encoding without wiping them, so it never sees the password: it
   * encodes zeros of the same length, and the password goes into the
   * (self-wiping) result afterwards. The password is the last field of
   * TSPasswordCreds, which is the last field of TSCredentials, so its
   * bytes are the last ones of both encodings. */
  placeholder = g_bytes_new_take (g_malloc0 (MAX (password_size, 1)), password_size);
  if (!write_bytes (creds, "domainName", domain, error) ||
      !write_bytes (creds, "userName", user, error) ||
      !write_bytes (creds, "password", placeholder, error))
    goto out;
  inner = der_encode (creds, "TSPasswordCreds", error);
  if (inner == NULL)
    goto out;
  credentials = new_element ("CredSSP.TSCredentials");
  if (!write_integer (credentials, "credType", RDP_TS_CREDENTIALS_PASSWORD, error) ||
      !write_bytes (credentials, "credentials", inner, error))
    goto out;
  encoded = der_encode (credentials, "TSCredentials", error);
  if (encoded == NULL)
    goto out;

  inner_data = g_bytes_get_data (inner, &inner_size);
  data = g_bytes_unref_to_data (g_steal_pointer (&encoded), &encoded_size);
  /* a plain copy (GLib copies a GBytes that has its own free function):
   * it holds no secret yet, and becomes one below */
  g_assert (encoded_size >= inner_size && inner_size >= password_size);
  g_assert (memcmp (data + encoded_size - inner_size, inner_data, inner_size) == 0);
  if (password_size > 0)
    memcpy (data + encoded_size - password_size, g_bytes_get_data (password, NULL), password_size);
  result = rdp_secret_new_take (data, encoded_size);

out:
  delete_element (&creds);
  delete_element (&credentials);
  return result;
}

gboolean
rdp_ts_credentials_decode (const guint8  *data,
                           gsize          length,
                           guint32       *out_cred_type,
                           GBytes       **out_credentials,
                           GError       **error)
{
  asn1_node node = der_decode ("CredSSP.TSCredentials", "TSCredentials", data, length, error);
  gboolean present, ok;

  *out_credentials = NULL;
  if (node == NULL)
    return FALSE;
  ok = read_integer (node, "credType", "TSCredentials", &present, out_cred_type, error) &&
       read_bytes (node, "credentials", "TSCredentials", out_credentials, error);
  /* libtasn1 takes a bare "30 82" for an empty SEQUENCE: the mandatory
   * fields are checked here */
  if (ok && (!present || *out_credentials == NULL))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA, _("Malformed %s: a mandatory field is missing"),
                   "TSCredentials");
      ok = FALSE;
    }
  delete_element (&node);
  if (!ok)
    g_clear_pointer (out_credentials, g_bytes_unref);
  return ok;
}

gboolean
rdp_ts_password_creds_decode (const guint8  *data,
                              gsize          length,
                              GBytes       **out_domain,
                              GBytes       **out_user,
                              GBytes       **out_password,
                              GError       **error)
{
  asn1_node node = der_decode ("CredSSP.TSPasswordCreds", "TSPasswordCreds", data, length, error);
  gboolean ok;

  *out_domain = *out_user = *out_password = NULL;
  if (node == NULL)
    return FALSE;
  ok = read_bytes (node, "domainName", "TSPasswordCreds", out_domain, error) &&
       read_bytes (node, "userName", "TSPasswordCreds", out_user, error) &&
       read_bytes (node, "password", "TSPasswordCreds", out_password, error);
  if (ok && (*out_domain == NULL || *out_user == NULL || *out_password == NULL))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA, _("Malformed %s: a mandatory field is missing"),
                   "TSPasswordCreds");
      ok = FALSE;
    }
  delete_element (&node);
  if (!ok)
    {
      g_clear_pointer (out_domain, g_bytes_unref);
      g_clear_pointer (out_user, g_bytes_unref);
      g_clear_pointer (out_password, g_bytes_unref);
    }
  return ok;
}

/* ---- NTSTATUS ---- */

typedef struct {
  guint32 status;
  const char *name;
  const char *reason;       /* N_() */
} NtStatus;

static const NtStatus ntstatus_table[] = {
  { 0xc000006d, "STATUS_LOGON_FAILURE", N_("the user name or the password is incorrect") },
  { 0xc000006a, "STATUS_WRONG_PASSWORD", N_("the password is incorrect") },
  { 0xc0000064, "STATUS_NO_SUCH_USER", N_("the user does not exist") },
  { 0xc0000234, "STATUS_ACCOUNT_LOCKED_OUT", N_("the account is locked out") },
  { 0xc0000071, "STATUS_PASSWORD_EXPIRED", N_("the password has expired") },
  { 0xc0000072, "STATUS_ACCOUNT_DISABLED", N_("the account is disabled") },
  { 0xc0000224, "STATUS_PASSWORD_MUST_CHANGE", N_("the password must be changed before the first logon") },
  { 0xc0000193, "STATUS_ACCOUNT_EXPIRED", N_("the account has expired") },
  { 0xc000006e, "STATUS_ACCOUNT_RESTRICTION", N_("an account restriction prevents this logon (an empty password, for instance)") },
  { 0xc000006f, "STATUS_INVALID_LOGON_HOURS", N_("the account may not log on at this time of day") },
  { 0xc0000070, "STATUS_INVALID_WORKSTATION", N_("the account may not log on from this computer") },
  { 0xc000015b, "STATUS_LOGON_TYPE_NOT_GRANTED", N_("the user is not allowed to log on remotely") },
  { 0xc0000133, "STATUS_TIME_DIFFERENCE_AT_DC", N_("the clocks of the client and the domain controller differ too much") },
  { 0xc000005e, "STATUS_NO_LOGON_SERVERS", N_("no logon server is available to check the credentials") },
  { 0xc0000022, "STATUS_ACCESS_DENIED", N_("access denied") },
  { 0xc0000413, "STATUS_AUTHENTICATION_FIREWALL_FAILED", N_("the account is not allowed to authenticate to this server") },
  { 0x80090308, "SEC_E_INVALID_TOKEN", N_("the server rejected an authentication message") },
  { 0x8009030c, "SEC_E_LOGON_DENIED", N_("the logon was denied") },
};

const char *
rdp_ntstatus_get_name (guint32 status)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ntstatus_table); i++)
    if (ntstatus_table[i].status == status)
      return ntstatus_table[i].name;
  return NULL;
}

GError *
rdp_ntstatus_to_error (guint32 status)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ntstatus_table); i++)
    if (ntstatus_table[i].status == status)
      /* Translators: the first %s is a reason such as "the account is
       * locked out", the second a code such as STATUS_ACCOUNT_LOCKED_OUT */
      return g_error_new (RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                          _("Authentication failed: %s (%s, 0x%08x)"),
                          _(ntstatus_table[i].reason), ntstatus_table[i].name, status);
  return g_error_new (RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                      _("Authentication failed: the server reported status 0x%08x"), status);
}
