/* rdp-certificate-utils.c: fingerprints and public keys of certificates
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/abstract.h>
#include <libtasn1.h>

#include "rdp-certificate-utils-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

#define FINGERPRINT_LENGTH 32

/* Parses a SHA-256 fingerprint given as hex, with or without colons, in
 * either case. */
static gboolean
parse_fingerprint (const char *text,
                   guint8      out[FINGERPRINT_LENGTH])
{
  gsize n = 0;
  const char *p = text;

  while (*p != '\0')
    {
      int hi, lo;

      if (n == FINGERPRINT_LENGTH)
        return FALSE;
      hi = g_ascii_xdigit_value (p[0]);
      lo = hi >= 0 ? g_ascii_xdigit_value (p[1]) : -1;
      if (lo < 0)
        return FALSE;
      out[n++] = (guint8) (hi << 4 | lo);
      p += 2;
      if (*p == ':' && p[1] != '\0')
        p++;
    }
  return n == FINGERPRINT_LENGTH;
}

static char *
format_fingerprint (const guint8 fingerprint[FINGERPRINT_LENGTH])
{
  static const char hex[] = "0123456789ABCDEF";
  char *s = g_malloc (FINGERPRINT_LENGTH * 3);
  gsize i;

  /* "XX:" for each octet; the last colon becomes the NUL */
  for (i = 0; i < FINGERPRINT_LENGTH; i++)
    {
      s[3 * i] = hex[fingerprint[i] >> 4];
      s[3 * i + 1] = hex[fingerprint[i] & 0x0f];
      s[3 * i + 2] = ':';
    }
  s[FINGERPRINT_LENGTH * 3 - 1] = '\0';
  return s;
}

char *
rdp_certificate_normalize_fingerprint (const char *fingerprint)
{
  guint8 raw[FINGERPRINT_LENGTH];

  if (fingerprint == NULL || !parse_fingerprint (fingerprint, raw))
    return NULL;
  return format_fingerprint (raw);
}

char *
rdp_certificate_fingerprint_for_der (const guint8 *der,
                                     gsize         length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[FINGERPRINT_LENGTH];
  gsize digest_len = sizeof digest;

  g_checksum_update (checksum, der, length);
  g_checksum_get_digest (checksum, digest, &digest_len);
  return format_fingerprint (digest);
}

static GByteArray *
certificate_get_der (GTlsCertificate *certificate)
{
  GByteArray *der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  return der;
}

char *
rdp_certificate_get_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = certificate_get_der (certificate);

  if (der == NULL)
    return rdp_certificate_fingerprint_for_der (NULL, 0);
  return rdp_certificate_fingerprint_for_der (der->data, der->len);
}

/* Takes the SubjectPublicKey BIT STRING out of a DER SubjectPublicKeyInfo
 *   SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
 * with libtasn1's DER decoding. */
static GBytes *
spki_get_public_key (const guint8 *der,
                     gsize         der_len,
                     GError      **error)
{
  unsigned char cls;
  unsigned long tag;
  int tag_len, len_len;
  long len;
  const guint8 *p = der;
  long remaining = (long) der_len;
  int i;

  /* The outer SEQUENCE */
  if (asn1_get_tag_der (p, (int) remaining, &cls, &tag_len, &tag) != ASN1_SUCCESS ||
      cls != ASN1_CLASS_STRUCTURED || tag != ASN1_TAG_SEQUENCE)
    goto bad;
  len = asn1_get_length_der (p + tag_len, (int) (remaining - tag_len), &len_len);
  if (len < 0 || len > remaining - tag_len - len_len)
    goto bad;
  p += tag_len + len_len;
  remaining = len;

  /* Skip the AlgorithmIdentifier, then the BIT STRING. */
  for (i = 0; i < 2; i++)
    {
      if (asn1_get_tag_der (p, (int) remaining, &cls, &tag_len, &tag) != ASN1_SUCCESS)
        goto bad;
      len = asn1_get_length_der (p + tag_len, (int) (remaining - tag_len), &len_len);
      if (len < 0 || len > remaining - tag_len - len_len)
        goto bad;
      if (i == 0)
        {
          if (cls != ASN1_CLASS_STRUCTURED || tag != ASN1_TAG_SEQUENCE)
            goto bad;
          p += tag_len + len_len + len;
          remaining -= tag_len + len_len + len;
        }
      else
        {
          if (cls != ASN1_CLASS_UNIVERSAL || tag != ASN1_TAG_BIT_STRING)
            goto bad;
          p += tag_len + len_len;
          /* The first octet counts the unused bits of the last one; a key
           * is whole octets. */
          if (len < 1 || p[0] != 0)
            goto bad;
          return g_bytes_new (p + 1, (gsize) (len - 1));
        }
    }

bad:
  g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
               _("The public key of the server certificate is malformed"));
  return NULL;
}

GBytes *
rdp_certificate_get_public_key (GTlsCertificate  *certificate,
                                GError          **error)
{
  g_autoptr(GByteArray) der = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t datum;
  gnutls_datum_t spki = { NULL, 0 };
  GBytes *key = NULL;
  int ret;

  der = certificate_get_der (certificate);
  if (der == NULL)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("The server certificate is empty"));
      return NULL;
    }

  datum.data = der->data;
  datum.size = der->len;
  if ((ret = gnutls_x509_crt_init (&crt)) < 0 ||
      (ret = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER)) < 0 ||
      (ret = gnutls_pubkey_init (&pubkey)) < 0 ||
      (ret = gnutls_pubkey_import_x509 (pubkey, crt, 0)) < 0 ||
      (ret = gnutls_pubkey_export2 (pubkey, GNUTLS_X509_FMT_DER, &spki)) < 0)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Could not read the public key of the server certificate: %s"),
                   gnutls_strerror (ret));
    }
  else
    key = spki_get_public_key (spki.data, spki.size, error);

  gnutls_free (spki.data);
  if (pubkey != NULL)
    gnutls_pubkey_deinit (pubkey);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  return key;
}
