/* rdp-license.c: sans-I/O codec of the licensing PDUs ([MS-RDPBCGR]
 * 2.2.1.12, [MS-RDPELE] 2.2.2)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-ber-private.h"
#include "rdp-license-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

#define PREAMBLE_SIZE 4

/* Caps on counts read from the wire, far above what servers send; every
 * entry also needs bytes that must be there. */
#define MAX_SCOPES 256
#define MAX_CERTS 64

/* ---- helpers ---- */

/* A LICENSE_BINARY_BLOB: wBlobType, wBlobLen, data. */
static gboolean
read_blob (RdpPduReader  *reader,
           guint16       *out_type,
           const guint8 **out_data,
           guint16       *out_length,
           GError       **error)
{
  guint16 type, length;

  if (!rdp_pdu_reader_read_u16le (reader, &type, error) ||
      !rdp_pdu_reader_read_u16le (reader, &length, error) ||
      !rdp_pdu_reader_read_bytes (reader, length, out_data, error))
    return FALSE;
  *out_type = type;
  *out_length = length;
  return TRUE;
}

/* A blob that must be of @expected type. Unless @strict, BB_ANY_BLOB passes
 * too, as an empty blob of any type does (servers); the client's own
 * messages are decoded strictly, so that they re-encode to the same bytes. */
static gboolean
read_typed_blob (RdpPduReader  *reader,
                 guint16        expected,
                 gboolean       strict,
                 const char    *what,
                 GBytes       **out_bytes,
                 GError       **error)
{
  guint16 type, length;
  const guint8 *data;

  if (!read_blob (reader, &type, &data, &length, error))
    {
      g_prefix_error (error, "%s: ", what);
      return FALSE;
    }
  if (type != expected && (strict || (type != RDP_LICENSE_BB_ANY_BLOB && length != 0)))
    {
      rdp_pdu_set_invalid (error, _("%s: blob type 0x%04x instead of 0x%04x"),
                           what, (guint) type, (guint) expected);
      return FALSE;
    }
  *out_bytes = g_bytes_new (data, length);
  return TRUE;
}

static void
write_blob (GByteArray   *out,
            guint16       type,
            const guint8 *data,
            gsize         length)
{
  rdp_pdu_write_u16le (out, type);
  rdp_pdu_write_u16le (out, (guint16) length);
  if (length > 0)
    rdp_pdu_write_bytes (out, data, length);
}

static gboolean
check_blob_length (gsize       length,
                   const char *what,
                   GError    **error)
{
  if (length > G_MAXUINT16)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode a licensing message: the %s is %lu bytes long"),
                           what, (gulong) length);
      return FALSE;
    }
  return TRUE;
}

/* Starts a message: the preamble with a zero size, filled in by
 * finish_message(). */
static GByteArray *
begin_message (guint8 msg_type,
               guint8 flags)
{
  GByteArray *out = g_byte_array_new ();

  rdp_pdu_write_u8 (out, msg_type);
  rdp_pdu_write_u8 (out, flags);
  rdp_pdu_write_u16le (out, 0);
  return out;
}

static GBytes *
finish_message (GByteArray  *out,
                GError     **error)
{
  if (out->len > G_MAXUINT16 || out->len > RDP_MCS_MAX_SEND_DATA_SIZE - RDP_SECURITY_HEADER_SIZE)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode a licensing message of %u bytes"), out->len);
      g_byte_array_unref (out);
      return NULL;
    }
  out->data[2] = out->len & 0xff;
  out->data[3] = out->len >> 8;
  return g_byte_array_free_to_bytes (out);
}

static const char *
msg_type_name (guint8 type)
{
  switch (type)
    {
    case RDP_LICENSE_REQUEST: return "License Request";
    case RDP_LICENSE_PLATFORM_CHALLENGE: return "Platform Challenge";
    case RDP_LICENSE_NEW_LICENSE: return "New License";
    case RDP_LICENSE_UPGRADE_LICENSE: return "Upgrade License";
    case RDP_LICENSE_INFO: return "License Info";
    case RDP_LICENSE_NEW_LICENSE_REQUEST: return "New License Request";
    case RDP_LICENSE_PLATFORM_CHALLENGE_RESPONSE: return "Platform Challenge Response";
    case RDP_LICENSE_ERROR_ALERT: return "Error Alert";
    default: return "?";
    }
}

gboolean
rdp_license_read_preamble (const guint8        *data,
                           gsize                length,
                           RdpLicensePreamble  *out_preamble,
                           RdpPduReader        *out_body,
                           GError             **error)
{
  RdpPduReader reader;
  guint8 version;

  memset (out_preamble, 0, sizeof *out_preamble);
  rdp_pdu_reader_init (&reader, data, length);
  if (!rdp_pdu_reader_read_u8 (&reader, &out_preamble->msg_type, error) ||
      !rdp_pdu_reader_read_u8 (&reader, &out_preamble->flags, error) ||
      !rdp_pdu_reader_read_u16le (&reader, &out_preamble->msg_size, error))
    goto fail;
  version = out_preamble->flags & RDP_LICENSE_PREAMBLE_VERSION_MASK;
  if (version != RDP_LICENSE_PREAMBLE_VERSION_2_0 && version != RDP_LICENSE_PREAMBLE_VERSION_3_0)
    {
      rdp_pdu_set_invalid (error, _("unknown licensing preamble version %u"), (guint) version);
      goto fail;
    }
  /* wMsgSize counts the preamble and what follows; IronRDP counts the
   * security header too. */
  if (out_preamble->msg_size != length && out_preamble->msg_size != length + RDP_SECURITY_HEADER_SIZE)
    {
      rdp_pdu_set_invalid (error, _("wMsgSize is %u but the message is %lu bytes long"),
                           (guint) out_preamble->msg_size, (gulong) length);
      goto fail;
    }
  *out_body = reader;
  return TRUE;

fail:
  g_prefix_error (error, _("Invalid licensing preamble: "));
  memset (out_preamble, 0, sizeof *out_preamble);
  return FALSE;
}

/* Reads the preamble of a message that must be of type @type. */
static gboolean
read_message (const guint8        *data,
              gsize                length,
              guint8               type,
              RdpLicensePreamble  *out_preamble,
              RdpPduReader        *out_body,
              GError             **error)
{
  if (!rdp_license_read_preamble (data, length, out_preamble, out_body, error))
    return FALSE;
  if (out_preamble->msg_type != type)
    {
      rdp_pdu_set_invalid (error, _("Expected a licensing %s message, got type 0x%02x"),
                           msg_type_name (type), (guint) out_preamble->msg_type);
      memset (out_preamble, 0, sizeof *out_preamble);
      return FALSE;
    }
  return TRUE;
}

/* ---- License Error Message ---- */

gboolean
rdp_license_decode_error_message (const guint8            *data,
                                  gsize                    length,
                                  RdpLicenseErrorMessage  *out_message,
                                  GError                 **error)
{
  RdpPduReader body;
  const guint8 *info;
  guint16 info_length;

  memset (out_message, 0, sizeof *out_message);
  if (!read_message (data, length, RDP_LICENSE_ERROR_ALERT, &out_message->preamble, &body, error))
    return FALSE;
  if (!rdp_pdu_reader_read_u32le (&body, &out_message->error_code, error) ||
      !rdp_pdu_reader_read_u32le (&body, &out_message->state_transition, error) ||
      !read_blob (&body, &out_message->error_info_type, &info, &info_length, error) ||
      !rdp_pdu_reader_expect_end (&body, "License Error Message", error))
    goto fail;
  out_message->error_info = g_bytes_new (info, info_length);
  return TRUE;

fail:
  g_prefix_error (error, _("Invalid License Error Message: "));
  memset (out_message, 0, sizeof *out_message);
  return FALSE;
}

void
rdp_license_error_message_clear (RdpLicenseErrorMessage *message)
{
  g_clear_pointer (&message->error_info, g_bytes_unref);
  memset (message, 0, sizeof *message);
}

gboolean
rdp_license_error_message_is_valid_client (const RdpLicenseErrorMessage *message)
{
  return message->error_code == RDP_LICENSE_STATUS_VALID_CLIENT &&
         message->state_transition == RDP_LICENSE_ST_NO_TRANSITION;
}

/* ---- Server License Request ---- */

/* A UTF-16LE string of @length bytes, NUL-terminated or not, into UTF-8. */
static char *
read_utf16 (const guint8  *data,
            gsize          length,
            const char    *what,
            GError       **error)
{
  g_autofree gunichar2 *units = NULL;
  gsize count = length / 2, i;
  char *utf8;

  if (length % 2 != 0)
    {
      rdp_pdu_set_invalid (error, _("the %s has an odd length %lu"), what, (gulong) length);
      return NULL;
    }
  units = g_new0 (gunichar2, count + 1);
  for (i = 0; i < count; i++)
    units[i] = (gunichar2) (data[2 * i] | (data[2 * i + 1] << 8));
  while (count > 0 && units[count - 1] == 0)
    count--;
  for (i = 0; i < count; i++)
    if (units[i] == 0)
      {
        rdp_pdu_set_invalid (error, _("the %s holds a NUL character"), what);
        return NULL;
      }
  utf8 = g_utf16_to_utf8 (units, (glong) count, NULL, NULL, NULL);
  if (utf8 == NULL)
    rdp_pdu_set_invalid (error, _("the %s is not valid UTF-16"), what);
  return utf8;
}

gboolean
rdp_license_decode_request (const guint8       *data,
                            gsize               length,
                            RdpLicenseRequest  *out_request,
                            GError            **error)
{
  RdpPduReader body;
  const guint8 *random, *bytes;
  guint32 count, i;

  memset (out_request, 0, sizeof *out_request);
  if (!read_message (data, length, RDP_LICENSE_REQUEST, &out_request->preamble, &body, error))
    return FALSE;
  if (!rdp_pdu_reader_read_bytes (&body, RDP_LICENSE_RANDOM_SIZE, &random, error))
    goto fail;
  memcpy (out_request->server_random, random, RDP_LICENSE_RANDOM_SIZE);

  /* ProductInfo */
  if (!rdp_pdu_reader_read_u32le (&body, &out_request->product_version, error) ||
      !rdp_pdu_reader_read_u32le (&body, &count, error) ||
      !rdp_pdu_reader_read_bytes (&body, count, &bytes, error))
    goto fail;
  out_request->company_name = read_utf16 (bytes, count, "company name", error);
  if (out_request->company_name == NULL)
    goto fail;
  if (!rdp_pdu_reader_read_u32le (&body, &count, error) ||
      !rdp_pdu_reader_read_bytes (&body, count, &bytes, error))
    goto fail;
  out_request->product_id = read_utf16 (bytes, count, "product id", error);
  if (out_request->product_id == NULL)
    goto fail;

  if (!read_typed_blob (&body, RDP_LICENSE_BB_KEY_EXCHG_ALG_BLOB, FALSE, _("key exchange list"),
                        &out_request->key_exchange_list, error) ||
      !read_typed_blob (&body, RDP_LICENSE_BB_CERTIFICATE_BLOB, FALSE, _("server certificate"),
                        &out_request->server_certificate, error))
    goto fail;

  /* ScopeList */
  if (!rdp_pdu_reader_read_u32le (&body, &count, error))
    goto fail;
  if (count > MAX_SCOPES)
    {
      rdp_pdu_set_invalid (error, _("%u scopes"), count);
      goto fail;
    }
  out_request->scopes = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; i < count; i++)
    {
      guint16 type, scope_length;
      char *scope;

      if (!read_blob (&body, &type, &bytes, &scope_length, error))
        goto fail;
      if (type != RDP_LICENSE_BB_SCOPE_BLOB)
        {
          rdp_pdu_set_invalid (error, _("scope blob type 0x%04x"), (guint) type);
          goto fail;
        }
      scope = g_strndup ((const char *) bytes, scope_length);
      if (!g_utf8_validate (scope, -1, NULL))
        {
          char *valid = g_utf8_make_valid (scope, -1);

          g_free (scope);
          scope = valid;
        }
      g_ptr_array_add (out_request->scopes, scope);
    }
  if (!rdp_pdu_reader_expect_end (&body, "License Request", error))
    goto fail;
  return TRUE;

fail:
  g_prefix_error (error, _("Invalid License Request: "));
  rdp_license_request_clear (out_request);
  return FALSE;
}

void
rdp_license_request_clear (RdpLicenseRequest *request)
{
  g_clear_pointer (&request->company_name, g_free);
  g_clear_pointer (&request->product_id, g_free);
  g_clear_pointer (&request->key_exchange_list, g_bytes_unref);
  g_clear_pointer (&request->server_certificate, g_bytes_unref);
  g_clear_pointer (&request->scopes, g_ptr_array_unref);
  memset (request, 0, sizeof *request);
}

gboolean
rdp_license_request_offers_rsa (const RdpLicenseRequest *request)
{
  gsize length, i;
  const guint8 *data;

  if (request->key_exchange_list == NULL)
    return FALSE;
  data = g_bytes_get_data (request->key_exchange_list, &length);
  for (i = 0; i + 4 <= length; i += 4)
    if (data[i] == RDP_LICENSE_KEY_EXCHANGE_ALG_RSA && data[i + 1] == 0 &&
        data[i + 2] == 0 && data[i + 3] == 0)
      return TRUE;
  return FALSE;
}

/* ---- server certificate ---- */

#define CERT_CHAIN_VERSION_1 0x00000001
#define CERT_CHAIN_VERSION_2 0x00000002
#define CERT_CHAIN_VERSION_MASK 0x7fffffff
#define SIGNATURE_ALG_RSA 0x00000001
#define KEY_EXCHANGE_ALG_RSA 0x00000001
#define BB_RSA_KEY_BLOB 0x0006
#define BB_RSA_SIGNATURE_BLOB 0x0008
#define RSA1_MAGIC 0x31415352
#define MAX_MODULUS_BYTES 2048 /* 16384 bits */

/* Strips leading zeros off a big-endian number. */
static GBytes *
new_modulus (const guint8 *be,
             gsize         length,
             GError      **error)
{
  while (length > 0 && be[0] == 0)
    {
      be++;
      length--;
    }
  if (length == 0)
    {
      rdp_pdu_set_invalid (error, _("the RSA modulus is zero"));
      return NULL;
    }
  return g_bytes_new (be, length);
}

/* Proprietary Certificate ([MS-RDPBCGR] 2.2.1.4.3.1.1), after dwVersion. */
static gboolean
read_proprietary (RdpPduReader      *reader,
                  RdpLicenseRsaKey  *out_key,
                  GError           **error)
{
  guint32 sig_alg, key_alg, magic, keylen, bitlen, datalen, exponent;
  guint16 type, blob_length;
  const guint8 *blob, *modulus;
  RdpPduReader key;
  g_autofree guint8 *be = NULL;
  guint32 i, bytes;

  if (!rdp_pdu_reader_read_u32le (reader, &sig_alg, error) ||
      !rdp_pdu_reader_read_u32le (reader, &key_alg, error))
    return FALSE;
  if (sig_alg != SIGNATURE_ALG_RSA || key_alg != KEY_EXCHANGE_ALG_RSA)
    {
      rdp_pdu_set_invalid (error, _("unknown algorithms %u/%u"), sig_alg, key_alg);
      return FALSE;
    }
  if (!read_blob (reader, &type, &blob, &blob_length, error))
    return FALSE;
  if (type != BB_RSA_KEY_BLOB)
    {
      rdp_pdu_set_invalid (error, _("public key blob type 0x%04x"), (guint) type);
      return FALSE;
    }
  rdp_pdu_reader_init (&key, blob, blob_length);
  if (!rdp_pdu_reader_read_u32le (&key, &magic, error) ||
      !rdp_pdu_reader_read_u32le (&key, &keylen, error) ||
      !rdp_pdu_reader_read_u32le (&key, &bitlen, error) ||
      !rdp_pdu_reader_read_u32le (&key, &datalen, error) ||
      !rdp_pdu_reader_read_u32le (&key, &exponent, error))
    return FALSE;
  if (magic != RSA1_MAGIC)
    {
      rdp_pdu_set_invalid (error, _("the public key blob is not RSA1"));
      return FALSE;
    }
  bytes = bitlen / 8;
  if (bitlen == 0 || bitlen % 8 != 0 || bytes > MAX_MODULUS_BYTES ||
      keylen != bytes + 8 || datalen != bytes - 1)
    {
      rdp_pdu_set_invalid (error, _("inconsistent RSA1 sizes keylen %u bitlen %u datalen %u"),
                           keylen, bitlen, datalen);
      return FALSE;
    }
  if (!rdp_pdu_reader_read_bytes (&key, keylen, &modulus, error) ||
      !rdp_pdu_reader_expect_end (&key, "RSA1 blob", error))
    return FALSE;
  /* The modulus is little-endian, followed by 8 zero bytes. */
  be = g_malloc (bytes);
  for (i = 0; i < bytes; i++)
    be[i] = modulus[bytes - 1 - i];
  if (!read_blob (reader, &type, &blob, &blob_length, error))
    return FALSE;
  if (type != BB_RSA_SIGNATURE_BLOB)
    {
      rdp_pdu_set_invalid (error, _("signature blob type 0x%04x"), (guint) type);
      return FALSE;
    }
  if (!rdp_pdu_reader_expect_end (reader, "proprietary certificate", error))
    return FALSE;
  if (exponent == 0)
    {
      rdp_pdu_set_invalid (error, _("the RSA exponent is zero"));
      return FALSE;
    }
  out_key->modulus = new_modulus (be, bytes, error);
  if (out_key->modulus == NULL)
    return FALSE;
  out_key->exponent = exponent;
  return TRUE;
}

/* The RSA key of a DER certificate: Certificate → tbsCertificate → [0]
 * version, serialNumber, signature, issuer, validity, subject →
 * subjectPublicKeyInfo { algorithm, BIT STRING { RSAPublicKey } }.
 *
 * Walked by hand (with the BER reader of the MCS codec) rather than through
 * GnuTLS: the certificates of Windows license servers name their key
 * algorithm with the OID 1.3.14.3.2.15 (shaWithRSAEncryption) instead of
 * rsaEncryption, and GnuTLS (like OpenSSL) then refuses to hand out the key.
 * Signatures are not checked (nothing in licensing over TLS relies on them). */
static const guint8 oid_rsa_encryption[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
static const guint8 oid_sha_with_rsa[] = { 0x2b, 0x0e, 0x03, 0x02, 0x0f };

#define BER_TAG_OID 0x06
#define BER_TAG_BIT_STRING 0x03
#define BER_TAG_VERSION 0xa0

static gboolean
read_x509_rsa_key (const guint8      *der,
                   gsize              der_length,
                   RdpLicenseRsaKey  *out_key,
                   GError           **error)
{
  RdpPduReader reader, cert, tbs, spki, algorithm, oid, bits, key, n, e, skip;
  guint8 tag, unused;
  guint32 exponent = 0;
  gsize i;
  int field;

  rdp_pdu_reader_init (&reader, der, der_length);
  if (!rdp_ber_read_tlv (&reader, RDP_BER_TAG_SEQUENCE, "Certificate", &cert, error) ||
      !rdp_pdu_reader_expect_end (&reader, "Certificate", error) ||
      !rdp_ber_read_tlv (&cert, RDP_BER_TAG_SEQUENCE, "TBSCertificate", &tbs, error) ||
      !rdp_pdu_reader_peek_u8 (&tbs, &tag, error))
    return FALSE;
  if (tag == BER_TAG_VERSION &&
      !rdp_ber_read_tlv (&tbs, BER_TAG_VERSION, "version", &skip, error))
    return FALSE;
  if (!rdp_ber_read_tlv (&tbs, RDP_BER_TAG_INTEGER, "serialNumber", &skip, error))
    return FALSE;
  /* signature, issuer, validity, subject */
  for (field = 0; field < 4; field++)
    if (!rdp_ber_read_tlv (&tbs, RDP_BER_TAG_SEQUENCE, "TBSCertificate", &skip, error))
      return FALSE;
  if (!rdp_ber_read_tlv (&tbs, RDP_BER_TAG_SEQUENCE, "SubjectPublicKeyInfo", &spki, error) ||
      !rdp_ber_read_tlv (&spki, RDP_BER_TAG_SEQUENCE, "AlgorithmIdentifier", &algorithm, error) ||
      !rdp_ber_read_tlv (&algorithm, BER_TAG_OID, "algorithm", &oid, error))
    return FALSE;
  if (!((oid.len == sizeof oid_rsa_encryption &&
         memcmp (oid.data, oid_rsa_encryption, oid.len) == 0) ||
        (oid.len == sizeof oid_sha_with_rsa &&
         memcmp (oid.data, oid_sha_with_rsa, oid.len) == 0)))
    {
      rdp_pdu_set_invalid (error, _("the X.509 certificate has no RSA key"));
      return FALSE;
    }
  if (!rdp_ber_read_tlv (&spki, BER_TAG_BIT_STRING, "subjectPublicKey", &bits, error) ||
      !rdp_pdu_reader_expect_end (&spki, "SubjectPublicKeyInfo", error) ||
      !rdp_pdu_reader_read_u8 (&bits, &unused, error))
    return FALSE;
  if (unused != 0)
    {
      rdp_pdu_set_invalid (error, _("the public key BIT STRING has %u unused bits"), (guint) unused);
      return FALSE;
    }
  if (!rdp_ber_read_tlv (&bits, RDP_BER_TAG_SEQUENCE, "RSAPublicKey", &key, error) ||
      !rdp_pdu_reader_expect_end (&bits, "subjectPublicKey", error) ||
      !rdp_ber_read_tlv (&key, RDP_BER_TAG_INTEGER, "modulus", &n, error) ||
      !rdp_ber_read_tlv (&key, RDP_BER_TAG_INTEGER, "publicExponent", &e, error) ||
      !rdp_pdu_reader_expect_end (&key, "RSAPublicKey", error))
    return FALSE;
  while (e.pos < e.len && e.data[e.pos] == 0)
    e.pos++;
  if (rdp_pdu_reader_remaining (&e) == 0 || rdp_pdu_reader_remaining (&e) > 4 ||
      n.len == 0 || n.len > MAX_MODULUS_BYTES + 1 || (n.data[0] & 0x80) != 0)
    {
      rdp_pdu_set_invalid (error, _("unsupported RSA key"));
      return FALSE;
    }
  for (i = e.pos; i < e.len; i++)
    exponent = (exponent << 8) | e.data[i];
  out_key->modulus = new_modulus (n.data, n.len, error);
  if (out_key->modulus == NULL)
    return FALSE;
  out_key->exponent = exponent;
  return TRUE;
}

/* X.509 Certificate Chain ([MS-RDPELE] 2.2.1.4.2), after dwVersion: the key
 * of the last certificate. Padding may follow the certificates. */
static gboolean
read_x509_chain (RdpPduReader      *reader,
                 RdpLicenseRsaKey  *out_key,
                 GError           **error)
{
  guint32 count, i, cert_length = 0;
  const guint8 *cert = NULL;

  if (!rdp_pdu_reader_read_u32le (reader, &count, error))
    return FALSE;
  if (count == 0 || count > MAX_CERTS)
    {
      rdp_pdu_set_invalid (error, _("%u certificates in the chain"), count);
      return FALSE;
    }
  for (i = 0; i < count; i++)
    if (!rdp_pdu_reader_read_u32le (reader, &cert_length, error) ||
        !rdp_pdu_reader_read_bytes (reader, cert_length, &cert, error))
      return FALSE;
  return read_x509_rsa_key (cert, cert_length, out_key, error);
}

gboolean
rdp_license_certificate_get_rsa_key (const guint8      *data,
                                     gsize              length,
                                     RdpLicenseRsaKey  *out_key,
                                     GError           **error)
{
  RdpPduReader reader;
  guint32 version;
  gboolean ok;

  memset (out_key, 0, sizeof *out_key);
  rdp_pdu_reader_init (&reader, data, length);
  if (!rdp_pdu_reader_read_u32le (&reader, &version, error))
    goto fail;
  switch (version & CERT_CHAIN_VERSION_MASK)
    {
    case CERT_CHAIN_VERSION_1:
      ok = read_proprietary (&reader, out_key, error);
      break;
    case CERT_CHAIN_VERSION_2:
      ok = read_x509_chain (&reader, out_key, error);
      break;
    default:
      rdp_pdu_set_invalid (error, _("unknown certificate version %u"),
                           version & CERT_CHAIN_VERSION_MASK);
      ok = FALSE;
      break;
    }
  if (ok)
    return TRUE;

fail:
  g_prefix_error (error, _("Invalid server certificate: "));
  rdp_license_rsa_key_clear (out_key);
  return FALSE;
}

void
rdp_license_rsa_key_clear (RdpLicenseRsaKey *key)
{
  g_clear_pointer (&key->modulus, g_bytes_unref);
  memset (key, 0, sizeof *key);
}

/* ---- Client New License Request ---- */

/* A NUL-terminated byte string blob: the string without its NUL. */
static char *
read_string_blob (RdpPduReader  *reader,
                  guint16        expected,
                  const char    *what,
                  GError       **error)
{
  guint16 type, length;
  const guint8 *data;

  if (!read_blob (reader, &type, &data, &length, error))
    return NULL;
  if (type != expected)
    {
      rdp_pdu_set_invalid (error, _("%s: blob type 0x%04x instead of 0x%04x"),
                           what, (guint) type, (guint) expected);
      return NULL;
    }
  if (length == 0 || data[length - 1] != 0 || memchr (data, 0, length - 1) != NULL)
    {
      rdp_pdu_set_invalid (error, _("%s: not a NUL-terminated string"), what);
      return NULL;
    }
  return g_strndup ((const char *) data, length - 1);
}

GBytes *
rdp_license_encode_new_license_request (const RdpLicenseNewLicenseRequest *request,
                                        GError                           **error)
{
  GByteArray *out;
  gsize premaster_length = request->encrypted_premaster_secret ?
                           g_bytes_get_size (request->encrypted_premaster_secret) : 0;
  gsize user_length, machine_length;

  if (request->premaster_blob_type != RDP_LICENSE_BB_ANY_BLOB &&
      request->premaster_blob_type != RDP_LICENSE_BB_RANDOM_BLOB)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode a New License Request with premaster secret blob type 0x%04x"),
                           (guint) request->premaster_blob_type);
      return NULL;
    }
  if (request->user_name == NULL || request->machine_name == NULL)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode a New License Request without user and machine names"));
      return NULL;
    }
  user_length = strlen (request->user_name) + 1;
  machine_length = strlen (request->machine_name) + 1;
  if (!check_blob_length (premaster_length, "premaster secret", error) ||
      !check_blob_length (user_length, "user name", error) ||
      !check_blob_length (machine_length, "machine name", error))
    return NULL;

  out = begin_message (RDP_LICENSE_NEW_LICENSE_REQUEST, request->flags);
  rdp_pdu_write_u32le (out, request->key_exchange_alg);
  rdp_pdu_write_u32le (out, request->platform_id);
  rdp_pdu_write_bytes (out, request->client_random, RDP_LICENSE_RANDOM_SIZE);
  write_blob (out, request->premaster_blob_type,
              premaster_length ? g_bytes_get_data (request->encrypted_premaster_secret, NULL) : NULL,
              premaster_length);
  write_blob (out, RDP_LICENSE_BB_CLIENT_USER_NAME_BLOB, (const guint8 *) request->user_name, user_length);
  write_blob (out, RDP_LICENSE_BB_CLIENT_MACHINE_NAME_BLOB, (const guint8 *) request->machine_name,
              machine_length);
  return finish_message (out, error);
}

gboolean
rdp_license_decode_new_license_request (const guint8                 *data,
                                        gsize                         length,
                                        RdpLicenseNewLicenseRequest  *out_request,
                                        GError                      **error)
{
  RdpLicensePreamble preamble;
  RdpPduReader body;
  const guint8 *random;

  memset (out_request, 0, sizeof *out_request);
  if (!read_message (data, length, RDP_LICENSE_NEW_LICENSE_REQUEST, &preamble, &body, error))
    return FALSE;
  if (preamble.msg_size != length)
    {
      rdp_pdu_set_invalid (error, _("wMsgSize %u is not the message size"), (guint) preamble.msg_size);
      goto fail;
    }
  out_request->flags = preamble.flags;
  if (!rdp_pdu_reader_read_u32le (&body, &out_request->key_exchange_alg, error) ||
      !rdp_pdu_reader_read_u32le (&body, &out_request->platform_id, error) ||
      !rdp_pdu_reader_read_bytes (&body, RDP_LICENSE_RANDOM_SIZE, &random, error))
    goto fail;
  memcpy (out_request->client_random, random, RDP_LICENSE_RANDOM_SIZE);
  {
    guint16 type, premaster_length;
    const guint8 *premaster;

    if (!read_blob (&body, &type, &premaster, &premaster_length, error))
      goto fail;
    if (type != RDP_LICENSE_BB_RANDOM_BLOB && type != RDP_LICENSE_BB_ANY_BLOB)
      {
        rdp_pdu_set_invalid (error, _("premaster secret blob type 0x%04x"), (guint) type);
        goto fail;
      }
    out_request->premaster_blob_type = type;
    out_request->encrypted_premaster_secret = g_bytes_new (premaster, premaster_length);
  }
  out_request->user_name = read_string_blob (&body, RDP_LICENSE_BB_CLIENT_USER_NAME_BLOB,
                                             _("user name"), error);
  if (out_request->user_name == NULL)
    goto fail;
  out_request->machine_name = read_string_blob (&body, RDP_LICENSE_BB_CLIENT_MACHINE_NAME_BLOB,
                                                _("machine name"), error);
  if (out_request->machine_name == NULL)
    goto fail;
  if (!rdp_pdu_reader_expect_end (&body, "New License Request", error))
    goto fail;
  return TRUE;

fail:
  g_prefix_error (error, _("Invalid New License Request: "));
  rdp_license_new_license_request_clear (out_request);
  return FALSE;
}

void
rdp_license_new_license_request_clear (RdpLicenseNewLicenseRequest *request)
{
  g_clear_pointer (&request->encrypted_premaster_secret, g_bytes_unref);
  g_clear_pointer (&request->user_name, g_free);
  g_clear_pointer (&request->machine_name, g_free);
  memset (request, 0, sizeof *request);
}

/* ---- Platform Challenge ---- */

gboolean
rdp_license_decode_platform_challenge (const guint8                 *data,
                                       gsize                         length,
                                       RdpLicensePlatformChallenge  *out_challenge,
                                       GError                      **error)
{
  RdpPduReader body;
  const guint8 *blob, *mac;
  guint16 blob_length;

  memset (out_challenge, 0, sizeof *out_challenge);
  if (!read_message (data, length, RDP_LICENSE_PLATFORM_CHALLENGE, &out_challenge->preamble,
                     &body, error))
    return FALSE;
  if (!rdp_pdu_reader_read_u32le (&body, &out_challenge->connect_flags, error) ||
      !read_blob (&body, &out_challenge->challenge_blob_type, &blob, &blob_length, error) ||
      !rdp_pdu_reader_read_bytes (&body, RDP_LICENSE_MAC_SIZE, &mac, error) ||
      !rdp_pdu_reader_expect_end (&body, "Platform Challenge", error))
    {
      g_prefix_error (error, _("Invalid Platform Challenge: "));
      memset (out_challenge, 0, sizeof *out_challenge);
      return FALSE;
    }
  out_challenge->encrypted_challenge = g_bytes_new (blob, blob_length);
  memcpy (out_challenge->mac, mac, RDP_LICENSE_MAC_SIZE);
  return TRUE;
}

void
rdp_license_platform_challenge_clear (RdpLicensePlatformChallenge *challenge)
{
  g_clear_pointer (&challenge->encrypted_challenge, g_bytes_unref);
  memset (challenge, 0, sizeof *challenge);
}

/* ---- Platform Challenge Response ---- */

GBytes *
rdp_license_encode_platform_challenge_response (const RdpLicensePlatformChallengeResponse *response,
                                                GError                                   **error)
{
  GByteArray *out;
  gsize response_length = response->encrypted_response ? g_bytes_get_size (response->encrypted_response) : 0;
  gsize hwid_length = response->encrypted_hwid ? g_bytes_get_size (response->encrypted_hwid) : 0;

  if (!check_blob_length (response_length, "challenge response", error) ||
      !check_blob_length (hwid_length, "hardware id", error))
    return NULL;
  out = begin_message (RDP_LICENSE_PLATFORM_CHALLENGE_RESPONSE, response->flags);
  write_blob (out, RDP_LICENSE_BB_ENCRYPTED_DATA_BLOB,
              response_length ? g_bytes_get_data (response->encrypted_response, NULL) : NULL,
              response_length);
  write_blob (out, RDP_LICENSE_BB_ENCRYPTED_DATA_BLOB,
              hwid_length ? g_bytes_get_data (response->encrypted_hwid, NULL) : NULL,
              hwid_length);
  rdp_pdu_write_bytes (out, response->mac, RDP_LICENSE_MAC_SIZE);
  return finish_message (out, error);
}

gboolean
rdp_license_decode_platform_challenge_response (const guint8                         *data,
                                                gsize                                 length,
                                                RdpLicensePlatformChallengeResponse  *out_response,
                                                GError                              **error)
{
  RdpLicensePreamble preamble;
  RdpPduReader body;
  const guint8 *mac;

  memset (out_response, 0, sizeof *out_response);
  if (!read_message (data, length, RDP_LICENSE_PLATFORM_CHALLENGE_RESPONSE, &preamble, &body, error))
    return FALSE;
  out_response->flags = preamble.flags;
  if (preamble.msg_size != length)
    {
      rdp_pdu_set_invalid (error, _("wMsgSize %u is not the message size"), (guint) preamble.msg_size);
      goto fail;
    }
  if (!read_typed_blob (&body, RDP_LICENSE_BB_ENCRYPTED_DATA_BLOB, TRUE, _("challenge response"),
                        &out_response->encrypted_response, error) ||
      !read_typed_blob (&body, RDP_LICENSE_BB_ENCRYPTED_DATA_BLOB, TRUE, _("hardware id"),
                        &out_response->encrypted_hwid, error) ||
      !rdp_pdu_reader_read_bytes (&body, RDP_LICENSE_MAC_SIZE, &mac, error) ||
      !rdp_pdu_reader_expect_end (&body, "Platform Challenge Response", error))
    goto fail;
  memcpy (out_response->mac, mac, RDP_LICENSE_MAC_SIZE);
  return TRUE;

fail:
  g_prefix_error (error, _("Invalid Platform Challenge Response: "));
  rdp_license_platform_challenge_response_clear (out_response);
  return FALSE;
}

void
rdp_license_platform_challenge_response_clear (RdpLicensePlatformChallengeResponse *response)
{
  g_clear_pointer (&response->encrypted_response, g_bytes_unref);
  g_clear_pointer (&response->encrypted_hwid, g_bytes_unref);
  memset (response, 0, sizeof *response);
}

/* ---- New License / Upgrade License ---- */

gboolean
rdp_license_decode_new_license (const guint8          *data,
                                gsize                  length,
                                RdpLicenseNewLicense  *out_license,
                                GError               **error)
{
  RdpPduReader body;
  const guint8 *mac;

  memset (out_license, 0, sizeof *out_license);
  if (!rdp_license_read_preamble (data, length, &out_license->preamble, &body, error))
    return FALSE;
  if (out_license->preamble.msg_type != RDP_LICENSE_NEW_LICENSE &&
      out_license->preamble.msg_type != RDP_LICENSE_UPGRADE_LICENSE)
    {
      rdp_pdu_set_invalid (error, _("Expected a licensing New or Upgrade License message, got type 0x%02x"),
                           (guint) out_license->preamble.msg_type);
      memset (out_license, 0, sizeof *out_license);
      return FALSE;
    }
  if (!read_typed_blob (&body, RDP_LICENSE_BB_ENCRYPTED_DATA_BLOB, FALSE, _("license info"),
                        &out_license->encrypted_license_info, error) ||
      !rdp_pdu_reader_read_bytes (&body, RDP_LICENSE_MAC_SIZE, &mac, error) ||
      !rdp_pdu_reader_expect_end (&body, "New License", error))
    {
      g_prefix_error (error, _("Invalid New License: "));
      rdp_license_new_license_clear (out_license);
      return FALSE;
    }
  memcpy (out_license->mac, mac, RDP_LICENSE_MAC_SIZE);
  return TRUE;
}

void
rdp_license_new_license_clear (RdpLicenseNewLicense *license)
{
  g_clear_pointer (&license->encrypted_license_info, g_bytes_unref);
  memset (license, 0, sizeof *license);
}
