/* rdp-kerberos.c: Kerberos under CredSSP with MIT krb5 and GSSAPI,
 * sans-I/O (see rdp-kerberos-private.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <krb5.h>
#include <profile.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include "rdp-kerberos-private.h"
#include "rdp-secret-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/* SPNEGO, 1.3.6.1.5.5.2 */
static gss_OID_desc spnego_oid = { 6, (void *) "\x2b\x06\x01\x05\x05\x02" };

/* What CredSSP needs of the context: the server proves itself (AP-REP),
 * messages are sealed and in order. No GSS_C_DELEG_FLAG: it would make
 * GSSAPI fetch a forwarded TGT from the KDC itself, and CredSSP delegates
 * the password in TSCredentials anyway. */
#define KERBEROS_GSS_FLAGS (GSS_C_MUTUAL_FLAG | GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG | \
                            GSS_C_SEQUENCE_FLAG | GSS_C_REPLAY_FLAG)

typedef enum {
  KERBEROS_AS,            /* getting the TGT */
  KERBEROS_TGS,           /* getting the TERMSRV ticket */
  KERBEROS_READY,         /* tickets in the cache, no GSS token sent yet */
  KERBEROS_NEGOTIATING,   /* NegTokenInit sent */
  KERBEROS_COMPLETE,      /* context established */
  KERBEROS_FAILED,
} KerberosState;

struct _RdpKerberos {
  RdpAuthMechanism parent;
  KerberosState state;

  char *realm;
  char *service;          /* TERMSRV/host@REALM */
  krb5_context context;
  krb5_principal client;
  gboolean enterprise;    /* client is a UPN */
  krb5_principal server;
  krb5_ccache ccache;
  krb5_init_creds_context init_creds;
  /* krb5_init_creds_init() keeps a pointer to them: freed after it */
  krb5_get_init_creds_opt *init_creds_options;
  krb5_tkt_creds_context tkt_creds;

  GBytes *request;        /* pending KDC request */
  char *request_realm;
  gboolean request_tcp_only;

  gss_cred_id_t cred;
  gss_name_t target;
  gss_ctx_id_t gss;
};

static const RdpAuthMechanismClass kerberos_mechanism_class;

/* ---- errors ---- */

typedef struct {
  krb5_error_code code;
  const char *name;
} KrbCodeName;

static const KrbCodeName krb_code_names[] = {
  { KRB5KDC_ERR_PREAUTH_FAILED, "KDC_ERR_PREAUTH_FAILED" },
  { KRB5KRB_AP_ERR_BAD_INTEGRITY, "KRB_AP_ERR_BAD_INTEGRITY" },
  { KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN, "KDC_ERR_C_PRINCIPAL_UNKNOWN" },
  { KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN, "KDC_ERR_S_PRINCIPAL_UNKNOWN" },
  { KRB5KDC_ERR_KEY_EXP, "KDC_ERR_KEY_EXPIRED" },
  { KRB5KDC_ERR_CLIENT_REVOKED, "KDC_ERR_CLIENT_REVOKED" },
  { KRB5KDC_ERR_NAME_EXP, "KDC_ERR_NAME_EXP" },
  { KRB5KDC_ERR_ETYPE_NOSUPP, "KDC_ERR_ETYPE_NOSUPP" },
  { KRB5KDC_ERR_POLICY, "KDC_ERR_POLICY" },
  { KRB5KDC_ERR_WRONG_REALM, "KDC_ERR_WRONG_REALM" },
  { KRB5KRB_AP_ERR_SKEW, "KRB_AP_ERR_SKEW" },
  { KRB5KRB_AP_ERR_MSG_TYPE, "KRB_AP_ERR_MSG_TYPE" },
  { KRB5KRB_ERR_RESPONSE_TOO_BIG, "KRB_ERR_RESPONSE_TOO_BIG" },
  { KRB5_KDCREP_MODIFIED, "KRB5_KDCREP_MODIFIED" },
  { KRB5_BADMSGTYPE, "KRB5_BADMSGTYPE" },
  { KRB5_REALM_UNKNOWN, "KRB5_REALM_UNKNOWN" },
};

static const char *
krb_code_name (krb5_error_code code)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (krb_code_names); i++)
    if (krb_code_names[i].code == code)
      return krb_code_names[i].name;
  return NULL;
}

/* krb5's own text of @code, e.g. "Preauthentication failed" */
static char *
krb_message (RdpKerberos     *self,
             krb5_error_code  code)
{
  const char *text = self->context != NULL ? krb5_get_error_message (self->context, code) : NULL;
  const char *name = krb_code_name (code);
  char *result;

  if (name != NULL)
    result = g_strdup_printf ("%s: %s", name, text != NULL ? text : "");
  else
    result = g_strdup_printf ("%s (%ld)", text != NULL ? text : "", (long) code);
  if (text != NULL)
    krb5_free_error_message (self->context, text);
  return result;
}

static GError *
krb_error (RdpKerberos     *self,
           krb5_error_code  code,
           const char      *what)
{
  g_autofree char *detail = krb_message (self, code);
  g_autofree char *user = NULL;

  if (self->client != NULL)
    krb5_unparse_name (self->context, self->client, &user);

  switch (code)
    {
    case KRB5KDC_ERR_PREAUTH_FAILED:
    case KRB5KRB_AP_ERR_BAD_INTEGRITY:
      return g_error_new (RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                          _("Kerberos authentication failed: wrong password for %s (%s)"),
                          user != NULL ? user : "?", detail);
    case KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN:
      return g_error_new (RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                          _("Kerberos authentication failed: the KDC does not know the user %s (%s)"),
                          user != NULL ? user : "?", detail);
    case KRB5KDC_ERR_KEY_EXP:
      return g_error_new (RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                          _("Kerberos authentication failed: the password of %s has expired (%s)"),
                          user != NULL ? user : "?", detail);
    case KRB5KDC_ERR_CLIENT_REVOKED:
    case KRB5KDC_ERR_NAME_EXP:
      return g_error_new (RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                          _("Kerberos authentication failed: the account %s is disabled, locked or expired (%s)"),
                          user != NULL ? user : "?", detail);
    case KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN:
      return g_error_new (RDP_ERROR, RDP_ERROR_FAILED,
                          _("Kerberos: the KDC does not know the service %s (%s)"),
                          self->service != NULL ? self->service : "?", detail);
    case KRB5KRB_AP_ERR_MSG_TYPE:
    case KRB5_BADMSGTYPE:
    case KRB5_KDCREP_MODIFIED:
      return g_error_new (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                          _("Kerberos: %s: the KDC's reply is not valid (%s)"), what, detail);
    default:
      if ((code & ~(krb5_error_code) 0xff) == ERROR_TABLE_BASE_asn1)
        return g_error_new (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                            _("Kerberos: %s: the KDC's reply is not valid (%s)"), what, detail);
      return g_error_new (RDP_ERROR, RDP_ERROR_FAILED, _("Kerberos: %s: %s"), what, detail);
    }
}

/* The text of a GSSAPI status (major and minor). */
static char *
gss_message (OM_uint32 major,
             OM_uint32 minor)
{
  GString *text = g_string_new (NULL);
  OM_uint32 ctx = 0, min;
  gss_buffer_desc buffer;

  do
    {
      if (GSS_ERROR (gss_display_status (&min, major, GSS_C_GSS_CODE, GSS_C_NO_OID, &ctx, &buffer)))
        break;
      g_string_append_printf (text, "%s%.*s", text->len ? "; " : "", (int) buffer.length, (char *) buffer.value);
      gss_release_buffer (&min, &buffer);
    }
  while (ctx != 0);
  if (minor != 0)
    {
      ctx = 0;
      do
        {
          if (GSS_ERROR (gss_display_status (&min, minor, GSS_C_MECH_CODE, (gss_OID) gss_mech_krb5, &ctx, &buffer)))
            break;
          g_string_append_printf (text, "%s%.*s", text->len ? "; " : "", (int) buffer.length, (char *) buffer.value);
          gss_release_buffer (&min, &buffer);
        }
      while (ctx != 0);
    }
  return g_string_free (text, FALSE);
}

static gboolean
fail (RdpKerberos  *self,
      GError      **error,
      GError       *reason)
{
  self->state = KERBEROS_FAILED;
  g_clear_pointer (&self->request, g_bytes_unref);
  g_clear_pointer (&self->request_realm, g_free);
  g_propagate_error (error, reason);
  return FALSE;
}

/* ---- the KDC exchanges ---- */

static void
set_request (RdpKerberos *self,
             krb5_data   *out,
             krb5_data   *realm,
             gboolean     tcp_only)
{
  g_clear_pointer (&self->request, g_bytes_unref);
  g_clear_pointer (&self->request_realm, g_free);
  self->request = g_bytes_new (out->data, out->length);
  self->request_realm = g_strndup (realm->data, realm->length);
  self->request_tcp_only = tcp_only;
}

/* What one step of krb5_init_creds_step() or krb5_tkt_creds_step() gave
 * (@code, @out, @realm, whether krb5 wants to @go_on): the next request to
 * send (also when the KDC said the reply is too big for UDP: then over TCP),
 * a failure naming @what, or the end (*@out_done). Frees @out and @realm. */
static gboolean
step_output (RdpKerberos      *self,
             krb5_error_code   code,
             krb5_data        *out,
             krb5_data        *realm,
             gboolean          go_on,
             const char       *what,
             gboolean         *out_done,
             GError          **error)
{
  gboolean ok = TRUE;

  *out_done = FALSE;
  if (code == KRB5KRB_ERR_RESPONSE_TOO_BIG && out->length > 0)
    set_request (self, out, realm, TRUE);
  else if (code != 0)
    ok = fail (self, error, krb_error (self, code, what));
  else if (go_on)
    set_request (self, out, realm, FALSE);
  else
    *out_done = TRUE;
  krb5_free_data_contents (self->context, out);
  krb5_free_data_contents (self->context, realm);
  return ok;
}

/* TGS: one step with @in (empty at the start). */
static gboolean
tgs_step (RdpKerberos  *self,
          krb5_data    *in,
          GError      **error)
{
  krb5_data out = { 0 }, realm = { 0 };
  unsigned int flags = 0;
  krb5_error_code code;
  gboolean done;

  code = krb5_tkt_creds_step (self->context, self->tkt_creds, in, &out, &realm, &flags);
  if (!step_output (self, code, &out, &realm, (flags & KRB5_TKT_CREDS_STEP_FLAG_CONTINUE) != 0,
                    _("the service ticket"), &done, error))
    return FALSE;
  if (!done)
    return TRUE;
  /* done: krb5_tkt_creds_step() stored the ticket in the cache */
  krb5_tkt_creds_free (self->context, self->tkt_creds);
  self->tkt_creds = NULL;
  g_clear_pointer (&self->request, g_bytes_unref);
  g_clear_pointer (&self->request_realm, g_free);
  return TRUE;
}

/* The GSSAPI credential over the memory cache and the target name. */
static gboolean
setup_gss (RdpKerberos  *self,
           GError      **error)
{
  OM_uint32 major, minor;
  const char *cache_type = krb5_cc_get_type (self->context, self->ccache);
  const char *cache_name = krb5_cc_get_name (self->context, self->ccache);
  g_autofree char *full_name = g_strconcat (cache_type, ":", cache_name, NULL);
  gss_key_value_element_desc element = { "ccache", full_name };
  gss_key_value_set_desc store = { 1, &element };
  gss_OID_set_desc spnego_set = { 1, &spnego_oid };
  gss_OID_set_desc krb5_set = { 1, (gss_OID) gss_mech_krb5 };
  gss_buffer_desc name = { strlen (self->service), self->service };

  major = gss_acquire_cred_from (&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &spnego_set, GSS_C_INITIATE,
                                 &store, &self->cred, NULL, NULL);
  if (!GSS_ERROR (major))
    major = gss_set_neg_mechs (&minor, self->cred, &krb5_set);
  if (!GSS_ERROR (major))
    major = gss_import_name (&minor, &name, (gss_OID) GSS_KRB5_NT_PRINCIPAL_NAME, &self->target);
  if (GSS_ERROR (major))
    {
      g_autofree char *text = gss_message (major, minor);

      return fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_FAILED,
                                             _("Kerberos: GSSAPI cannot use the tickets: %s"), text));
    }
  self->state = KERBEROS_READY;
  return TRUE;
}

/* AS: one step with @in (empty at the start); on to the TGS exchange when
 * the TGT is there. */
static gboolean
as_step (RdpKerberos  *self,
         krb5_data    *in,
         GError      **error)
{
  krb5_data out = { 0 }, realm = { 0 }, empty = { 0 };
  unsigned int flags = 0;
  krb5_error_code code;
  krb5_creds creds, request;
  gboolean done;

  code = krb5_init_creds_step (self->context, self->init_creds, in, &out, &realm, &flags);
  if (!step_output (self, code, &out, &realm, (flags & KRB5_INIT_CREDS_STEP_FLAG_CONTINUE) != 0,
                    _("the ticket-granting ticket"), &done, error))
    return FALSE;
  if (!done)
    return TRUE;

  /* the TGT: into the memory cache, and the password copy with it goes */
  memset (&creds, 0, sizeof creds);
  code = krb5_init_creds_get_creds (self->context, self->init_creds, &creds);
  krb5_init_creds_free (self->context, self->init_creds);
  self->init_creds = NULL;
  krb5_get_init_creds_opt_free (self->context, self->init_creds_options);
  self->init_creds_options = NULL;
  if (code == 0)
    code = krb5_cc_initialize (self->context, self->ccache, creds.client);
  if (code == 0)
    code = krb5_cc_store_cred (self->context, self->ccache, &creds);
  krb5_free_cred_contents (self->context, &creds);
  if (code != 0)
    return fail (self, error, krb_error (self, code, _("storing the ticket-granting ticket")));

  memset (&request, 0, sizeof request);
  code = krb5_cc_get_principal (self->context, self->ccache, &request.client);
  if (code == 0)
    {
      request.server = self->server;
      code = krb5_tkt_creds_init (self->context, self->ccache, &request, 0, &self->tkt_creds);
      krb5_free_principal (self->context, request.client);
    }
  if (code != 0)
    return fail (self, error, krb_error (self, code, _("the service ticket")));
  self->state = KERBEROS_TGS;
  if (!tgs_step (self, &empty, error))
    return FALSE;
  if (self->request == NULL)
    return setup_gss (self, error);
  return TRUE;
}

RdpKerberos *
rdp_kerberos_new (const char  *user,
                  const char  *realm,
                  GBytes      *password,
                  const char  *host,
                  GError     **error)
{
  g_autoptr(RdpKerberos) self = g_new0 (RdpKerberos, 1);
  krb5_error_code code;
  krb5_data empty = { 0 };
  char *default_realm = NULL, *service = NULL;
  char *password_z;
  gsize password_length;
  const guint8 *password_data;

  g_return_val_if_fail (user != NULL && *user != '\0', NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (host != NULL && *host != '\0', NULL);

  self->parent.klass = &kerberos_mechanism_class;
  self->state = KERBEROS_AS;

  code = krb5_init_context (&self->context);
  if (code != 0)
    {
      self->context = NULL;
      fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_FAILED,
                                      _("Kerberos: cannot read the krb5 configuration (error %ld)"), (long) code));
      return NULL;
    }
  if (realm == NULL || *realm == '\0')
    {
      code = krb5_get_default_realm (self->context, &default_realm);
      if (code != 0)
        {
          fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_FAILED,
                                          _("Kerberos: no realm given and the krb5 configuration names no default_realm")));
          return NULL;
        }
      self->realm = g_strdup (default_realm);
      krb5_free_default_realm (self->context, default_realm);
    }
  else
    self->realm = g_strdup (realm);

  if (strchr (user, '@') != NULL)
    {
      /* a UPN (user@dns.domain): an enterprise name the KDC resolves
       * ([RFC 6806] 5), asked for in @realm */
      g_autofree char *name = g_strdup_printf ("%s@%s", user, self->realm);

      code = krb5_parse_name_flags (self->context, name, KRB5_PRINCIPAL_PARSE_ENTERPRISE, &self->client);
      self->enterprise = TRUE;
    }
  else
    code = krb5_build_principal (self->context, &self->client, strlen (self->realm), self->realm, user, NULL);
  if (code == 0)
    code = krb5_build_principal (self->context, &self->server, strlen (self->realm), self->realm,
                                 "TERMSRV", host, NULL);
  if (code == 0)
    code = krb5_unparse_name (self->context, self->server, &service);
  if (code != 0)
    {
      fail (self, error, krb_error (self, code, _("the user or server name")));
      return NULL;
    }
  self->service = g_strdup (service);
  krb5_free_unparsed_name (self->context, service);

  code = krb5_cc_new_unique (self->context, "MEMORY", NULL, &self->ccache);
  if (code == 0)
    code = krb5_get_init_creds_opt_alloc (self->context, &self->init_creds_options);
  if (code == 0)
    {
      /* the tickets are for this connection only */
      krb5_get_init_creds_opt_set_forwardable (self->init_creds_options, FALSE);
      krb5_get_init_creds_opt_set_proxiable (self->init_creds_options, FALSE);
      if (self->enterprise)
        krb5_get_init_creds_opt_set_canonicalize (self->init_creds_options, TRUE);
      code = krb5_init_creds_init (self->context, self->client, NULL, NULL, 0, self->init_creds_options,
                                   &self->init_creds);
    }
  if (code != 0)
    {
      fail (self, error, krb_error (self, code, _("starting")));
      return NULL;
    }

  /* krb5 wants a C string; it keeps its own copy */
  password_data = g_bytes_get_data (password, &password_length);
  password_z = g_malloc (password_length + 1);
  if (password_length > 0)
    memcpy (password_z, password_data, password_length);
  password_z[password_length] = '\0';
  if (memchr (password_z, '\0', password_length) != NULL)
    code = EINVAL;
  else
    code = krb5_init_creds_set_password (self->context, self->init_creds, password_z);
  rdp_secret_wipe (password_z, password_length + 1);
  g_free (password_z);
  if (code != 0)
    {
      fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_FAILED, _("Kerberos: the password cannot be used")));
      return NULL;
    }

  if (!as_step (self, &empty, error))
    return NULL;
  return g_steal_pointer (&self);
}

GBytes *
rdp_kerberos_next_kdc_request (RdpKerberos  *self,
                               char        **out_realm,
                               gboolean     *out_tcp_only)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (out_realm)
    *out_realm = self->request != NULL ? g_strdup (self->request_realm) : NULL;
  if (out_tcp_only)
    *out_tcp_only = self->request != NULL && self->request_tcp_only;
  return self->request != NULL ? g_bytes_ref (self->request) : NULL;
}

gboolean
rdp_kerberos_kdc_reply (RdpKerberos  *self,
                        GBytes       *reply,
                        GError      **error)
{
  krb5_data in;
  gsize size;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (reply != NULL, FALSE);

  if (self->state == KERBEROS_FAILED)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("Kerberos: the exchange has already failed"));
      return FALSE;
    }
  if (self->request == NULL || (self->state != KERBEROS_AS && self->state != KERBEROS_TGS))
    return fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_FAILED,
                                           _("Kerberos: a KDC reply without a pending request")));
  in.magic = KV5M_DATA;
  in.data = (char *) g_bytes_get_data (reply, &size);
  in.length = size;
  if (size == 0 || size > G_MAXINT32)
    return fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                                           _("Kerberos: the KDC's reply is empty or too big")));

  if (self->state == KERBEROS_AS)
    return as_step (self, &in, error);
  if (!tgs_step (self, &in, error))
    return FALSE;
  if (self->request == NULL)
    return setup_gss (self, error);
  return TRUE;
}

gboolean
rdp_kerberos_has_tickets (RdpKerberos *self)
{
  return self->state == KERBEROS_READY || self->state == KERBEROS_NEGOTIATING ||
         self->state == KERBEROS_COMPLETE;
}

const char *
rdp_kerberos_get_realm (RdpKerberos *self)
{
  return self->realm;
}

const char *
rdp_kerberos_get_service_principal (RdpKerberos *self)
{
  return self->service;
}

static char **
config_kdcs (krb5_context  context,
             const char   *realm)
{
  GPtrArray *result = g_ptr_array_new ();
  profile_t profile = NULL;
  char **values = NULL;
  const char *names[] = { "realms", realm, "kdc", NULL };

  if (context != NULL && realm != NULL &&
      krb5_get_profile (context, &profile) == 0 &&
      profile_get_values (profile, names, &values) == 0)
    {
      for (char **v = values; *v != NULL; v++)
        g_ptr_array_add (result, g_strdup (*v));
      profile_free_list (values);
    }
  if (profile != NULL)
    profile_release (profile);
  g_ptr_array_add (result, NULL);
  return (char **) g_ptr_array_free (result, FALSE);
}

char **
rdp_kerberos_get_kdcs (RdpKerberos *self,
                       const char  *realm)
{
  return config_kdcs (self->context, realm != NULL ? realm : self->realm);
}

char **
rdp_kerberos_get_config_kdcs (const char *realm)
{
  krb5_context context = NULL;
  char **result;

  if (krb5_init_context (&context) != 0)
    context = NULL;
  result = config_kdcs (context, realm);
  if (context != NULL)
    krb5_free_context (context);
  return result;
}

/* ---- the mechanism ---- */

/* One DER element at *@data (@size bytes left): its tag, and its contents
 * in @out_contents/@out_length; *@data and *@size move past it. FALSE if it
 * does not fit. Definite lengths of up to 4 bytes only. */
static gboolean
der_next (const guint8 **data,
          gsize         *size,
          guint8        *out_tag,
          const guint8 **out_contents,
          gsize         *out_length)
{
  const guint8 *p = *data;
  gsize left = *size, length;

  if (left < 2)
    return FALSE;
  *out_tag = p[0];
  length = p[1];
  p += 2;
  left -= 2;
  if (length & 0x80)
    {
      guint n = length & 0x7f;

      if (n == 0 || n > 4 || n > left)
        return FALSE;
      length = 0;
      for (guint i = 0; i < n; i++)
        length = (length << 8) | p[i];
      p += n;
      left -= n;
    }
  if (length > left)
    return FALSE;
  *out_contents = p;
  *out_length = length;
  *data = p + length;
  *size = left - length;
  return TRUE;
}

/* TRUE when @token is a SPNEGO NegTokenResp ([RFC 4178] 4.2.2) whose
 * supportedMech is NTLM (1.3.6.1.4.1.311.2.2.10): the server wants NTLM,
 * which this mechanism did not offer. */
gboolean
rdp_kerberos_spnego_selects_ntlm (GBytes *token)
{
  static const guint8 ntlm_oid[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a };
  gsize size;
  const guint8 *data = g_bytes_get_data (token, &size);
  const guint8 *contents, *fields, *oid;
  gsize length, fields_length, oid_length;
  guint8 tag;

  /* negTokenResp [1] { SEQUENCE { [0] negState, [1] supportedMech, … } } */
  if (!der_next (&data, &size, &tag, &contents, &length) || tag != 0xa1)
    return FALSE;
  if (!der_next (&contents, &length, &tag, &fields, &fields_length) || tag != 0x30)
    return FALSE;
  while (der_next (&fields, &fields_length, &tag, &contents, &length))
    {
      if (tag != 0xa1)
        continue;
      return der_next (&contents, &length, &tag, &oid, &oid_length) && tag == 0x06 &&
             oid_length == sizeof ntlm_oid && memcmp (oid, ntlm_oid, sizeof ntlm_oid) == 0;
    }
  return FALSE;
}

static GBytes *
take_buffer (gss_buffer_desc *buffer,
             gboolean         secret)
{
  OM_uint32 minor;
  GBytes *bytes;

  if (secret)
    {
      bytes = rdp_secret_new (buffer->value, buffer->length);
      rdp_secret_wipe (buffer->value, buffer->length);
    }
  else
    bytes = g_bytes_new (buffer->value, buffer->length);
  gss_release_buffer (&minor, buffer);
  return bytes;
}

static GBytes *
mechanism_step (RdpAuthMechanism  *mechanism,
                GBytes            *input,
                GError           **error)
{
  RdpKerberos *self = (RdpKerberos *) mechanism;
  gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
  OM_uint32 major, minor, flags = 0;
  gsize size;

  switch (self->state)
    {
    case KERBEROS_AS:
    case KERBEROS_TGS:
      fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_FAILED,
                                      _("Kerberos: the tickets are not there yet (the KDC exchange must come first)")));
      return NULL;
    case KERBEROS_FAILED:
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("Kerberos: the exchange has already failed"));
      return NULL;
    case KERBEROS_COMPLETE:
      fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                                      _("Kerberos: a token after the security context was established")));
      return NULL;
    case KERBEROS_READY:
      if (input != NULL)
        {
          fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_FAILED, _("Kerberos: the client speaks first")));
          return NULL;
        }
      break;
    case KERBEROS_NEGOTIATING:
      if (input == NULL)
        {
          fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_FAILED,
                                          _("Kerberos: a step without the server's token")));
          return NULL;
        }
      if (rdp_kerberos_spnego_selects_ntlm (input))
        {
          /* only Kerberos was offered (gss_set_neg_mechs()): a server that
           * answers with NTLM cannot be followed within this exchange */
          fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                                          _("Kerberos: the server %s chose NTLM instead of Kerberos; "
                                            "connect without Kerberos (no KDC proxy URL, no KDC for "
                                            "the realm) to use NTLM"), self->service));
          return NULL;
        }
      in.value = (void *) g_bytes_get_data (input, &size);
      in.length = size;
      break;
    }

  major = gss_init_sec_context (&minor, self->cred, &self->gss, self->target, &spnego_oid,
                                KERBEROS_GSS_FLAGS, 0, GSS_C_NO_CHANNEL_BINDINGS,
                                input != NULL ? &in : GSS_C_NO_BUFFER,
                                NULL, &out, &flags, NULL);
  if (GSS_ERROR (major))
    {
      g_autofree char *text = gss_message (major, minor);

      if (out.value != NULL)
        gss_release_buffer (&minor, &out);
      /* the server's token failed to verify, or it rejected ours */
      fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                                      _("Kerberos authentication with %s failed: %s"), self->service, text));
      return NULL;
    }
  if (major == GSS_S_COMPLETE)
    {
      if ((flags & (GSS_C_MUTUAL_FLAG | GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG)) !=
          (GSS_C_MUTUAL_FLAG | GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG))
        {
          if (out.value != NULL)
            gss_release_buffer (&minor, &out);
          fail (self, error, g_error_new (RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                                          _("Kerberos: the security context with %s lacks mutual authentication or sealing"),
                                          self->service));
          return NULL;
        }
      self->state = KERBEROS_COMPLETE;
    }
  else
    self->state = KERBEROS_NEGOTIATING;
  if (out.value == NULL)
    return g_bytes_new (NULL, 0);
  return take_buffer (&out, FALSE);
}

static gboolean
mechanism_is_complete (RdpAuthMechanism *mechanism)
{
  return ((RdpKerberos *) mechanism)->state == KERBEROS_COMPLETE;
}

static GBytes *
mechanism_wrap (RdpAuthMechanism  *mechanism,
                GBytes            *plaintext,
                GError           **error)
{
  RdpKerberos *self = (RdpKerberos *) mechanism;
  gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER;
  OM_uint32 major, minor;
  int conf_state = 0;
  gsize size;

  if (self->state != KERBEROS_COMPLETE)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("Kerberos: no security context to seal with"));
      return NULL;
    }
  in.value = (void *) g_bytes_get_data (plaintext, &size);
  in.length = size;
  major = gss_wrap (&minor, self->gss, 1, GSS_C_QOP_DEFAULT, &in, &conf_state, &out);
  if (GSS_ERROR (major) || !conf_state)
    {
      g_autofree char *text = gss_message (major, minor);

      if (out.value != NULL)
        gss_release_buffer (&minor, &out);
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("Kerberos: sealing failed: %s"), text);
      return NULL;
    }
  return take_buffer (&out, FALSE);
}

static GBytes *
mechanism_unwrap (RdpAuthMechanism  *mechanism,
                  GBytes            *message,
                  GError           **error)
{
  RdpKerberos *self = (RdpKerberos *) mechanism;
  gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER;
  OM_uint32 major, minor;
  int conf_state = 0;
  gsize size;

  if (self->state != KERBEROS_COMPLETE)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("Kerberos: no security context to unseal with"));
      return NULL;
    }
  in.value = (void *) g_bytes_get_data (message, &size);
  in.length = size;
  major = gss_unwrap (&minor, self->gss, &in, &out, &conf_state, NULL);
  if (GSS_ERROR (major) || major != GSS_S_COMPLETE || !conf_state)
    {
      g_autofree char *text = gss_message (major, minor);

      if (out.value != NULL)
        {
          rdp_secret_wipe (out.value, out.length);
          gss_release_buffer (&minor, &out);
        }
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   conf_state || GSS_ERROR (major) ? _("Kerberos: the server's message fails its check: %s")
                                                   : _("Kerberos: the server's message is not sealed%s"),
                   conf_state || GSS_ERROR (major) ? text : "");
      return NULL;
    }
  return take_buffer (&out, TRUE);
}

static void
mechanism_free (RdpAuthMechanism *mechanism)
{
  RdpKerberos *self = (RdpKerberos *) mechanism;
  OM_uint32 minor;

  if (self->gss != GSS_C_NO_CONTEXT)
    gss_delete_sec_context (&minor, &self->gss, GSS_C_NO_BUFFER);
  if (self->cred != GSS_C_NO_CREDENTIAL)
    gss_release_cred (&minor, &self->cred);
  if (self->target != GSS_C_NO_NAME)
    gss_release_name (&minor, &self->target);
  if (self->context != NULL)
    {
      if (self->init_creds != NULL)
        krb5_init_creds_free (self->context, self->init_creds);
      if (self->init_creds_options != NULL)
        krb5_get_init_creds_opt_free (self->context, self->init_creds_options);
      if (self->tkt_creds != NULL)
        krb5_tkt_creds_free (self->context, self->tkt_creds);
      if (self->ccache != NULL)
        krb5_cc_destroy (self->context, self->ccache);
      krb5_free_principal (self->context, self->client);
      krb5_free_principal (self->context, self->server);
      krb5_free_context (self->context);
    }
  g_clear_pointer (&self->request, g_bytes_unref);
  g_free (self->request_realm);
  g_free (self->realm);
  g_free (self->service);
  rdp_secret_wipe (self, sizeof *self);
  g_free (self);
}

static const RdpAuthMechanismClass kerberos_mechanism_class = {
  .name = "Kerberos",
  .step = mechanism_step,
  .is_complete = mechanism_is_complete,
  .wrap = mechanism_wrap,
  .unwrap = mechanism_unwrap,
  .free = mechanism_free,
};

void
rdp_kerberos_free (RdpKerberos *self)
{
  if (self != NULL)
    mechanism_free (&self->parent);
}

RdpAuthMechanism *
rdp_kerberos_get_mechanism (RdpKerberos *self)
{
  return &self->parent;
}

RdpKerberos *
rdp_kerberos_from_mechanism (RdpAuthMechanism *mechanism)
{
  if (mechanism == NULL || mechanism->klass != &kerberos_mechanism_class)
    return NULL;
  return (RdpKerberos *) mechanism;
}
