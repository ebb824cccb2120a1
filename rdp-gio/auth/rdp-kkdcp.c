/* rdp-kkdcp.c: the Kerberos KDC proxy message ([MS-KKDCP] 2.2.2) in DER,
 * with libtasn1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <libtasn1.h>

#include "rdp-kkdcp-private.h"
#include "rdp-secret-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/* generated from rdp-kkdcp.asn by asn1Parser at build time */
extern const asn1_static_node rdp_kkdcp_asn1_tab[];

static gpointer
load_definitions (gpointer data)
{
  asn1_node definitions = NULL;
  char message[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";

  if (asn1_array2tree (rdp_kkdcp_asn1_tab, &definitions, message) != ASN1_SUCCESS)
    g_error ("the KKDCP ASN.1 module does not load: %s", message);
  return definitions;
}

static asn1_node
new_message_element (void)
{
  static GOnce once = G_ONCE_INIT;
  asn1_node node = NULL;
  int ret = asn1_create_element (g_once (&once, load_definitions, NULL),
                                 "KKDCP.KdcProxyMessage", &node);

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
encode_failed (const char  *name,
               int          ret,
               GError     **error)
{
  g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
               _("Cannot encode a KDC proxy message: %s: %s"), name, asn1_strerror (ret));
  return FALSE;
}

static void
message_invalid (GError     **error,
                 const char  *reason)
{
  g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
               _("Malformed KDC proxy message: %s"), reason);
}

void
rdp_kkdcp_message_clear (RdpKkdcpMessage *message)
{
  g_clear_pointer (&message->kerb_message, g_bytes_unref);
  g_clear_pointer (&message->target_domain, g_free);
  message->has_dclocator_hint = FALSE;
  message->dclocator_hint = 0;
}

GBytes *
rdp_kkdcp_message_encode (const RdpKkdcpMessage  *message,
                          GError                **error)
{
  char diagnostic[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
  asn1_node node = new_message_element ();
  gconstpointer data;
  gsize size;
  int length = 0, ret;
  guint8 *buffer;

  g_return_val_if_fail (message->kerb_message != NULL, NULL);

  data = g_bytes_get_data (message->kerb_message, &size);
  if (size > RDP_KKDCP_MAX_MESSAGE)
    ret = ASN1_MEM_ERROR;
  else
    ret = asn1_write_value (node, "kerbMessage", size > 0 ? data : "", (int) size);
  if (ret != ASN1_SUCCESS)
    goto fail_kerb;

  if (message->target_domain != NULL)
    ret = asn1_write_value (node, "targetDomain", message->target_domain,
                            (int) strlen (message->target_domain));
  else
    ret = asn1_write_value (node, "targetDomain", NULL, 0);
  if (ret != ASN1_SUCCESS)
    {
      encode_failed ("target-domain", ret, error);
      goto fail;
    }

  if (message->has_dclocator_hint)
    {
      guint32 v = (guint32) message->dclocator_hint;
      guint8 be[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };

      ret = asn1_write_value (node, "dclocatorHint", be, 4);
    }
  else
    ret = asn1_write_value (node, "dclocatorHint", NULL, 0);
  if (ret != ASN1_SUCCESS)
    {
      encode_failed ("dclocator-hint", ret, error);
      goto fail;
    }

  ret = asn1_der_coding (node, "", NULL, &length, diagnostic);
  if (ret != ASN1_MEM_ERROR)
    {
      encode_failed ("KDC-PROXY-MESSAGE", ret, error);
      goto fail;
    }
  buffer = g_malloc (length > 0 ? length : 1);
  ret = asn1_der_coding (node, "", buffer, &length, diagnostic);
  if (ret != ASN1_SUCCESS)
    {
      g_free (buffer);
      encode_failed ("KDC-PROXY-MESSAGE", ret, error);
      goto fail;
    }
  delete_element (&node);
  return rdp_secret_new_take (buffer, length);

fail_kerb:
  encode_failed ("kerb-message", ret, error);
fail:
  delete_element (&node);
  return NULL;
}

gboolean
rdp_kkdcp_message_decode (const guint8     *data,
                          gsize             length,
                          RdpKkdcpMessage  *out,
                          GError          **error)
{
  char diagnostic[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
  asn1_node node = NULL;
  int consumed, ret, size;
  guint8 *buffer;
  guint8 hint[5];

  memset (out, 0, sizeof *out);
  if (length > RDP_KKDCP_MAX_MESSAGE)
    {
      message_invalid (error, _("too large"));
      return FALSE;
    }

  node = new_message_element ();
  consumed = (int) length;
  ret = asn1_der_decoding2 (&node, data, &consumed, 0, diagnostic);
  if (ret != ASN1_SUCCESS)
    {
      message_invalid (error, asn1_strerror (ret));
      goto fail;
    }
  if ((gsize) consumed != length)
    {
      message_invalid (error, _("bytes after its end"));
      goto fail;
    }

  /* kerb-message */
  size = 0;
  ret = asn1_read_value (node, "kerbMessage", NULL, &size);
  if (ret == ASN1_SUCCESS && size == 0)
    out->kerb_message = g_bytes_new (NULL, 0);
  else if (ret == ASN1_MEM_ERROR)
    {
      buffer = g_malloc (size);
      ret = asn1_read_value (node, "kerbMessage", buffer, &size);
      if (ret != ASN1_SUCCESS)
        {
          g_free (buffer);
          message_invalid (error, asn1_strerror (ret));
          goto fail;
        }
      out->kerb_message = rdp_secret_new_take (buffer, size);
    }
  else
    {
      message_invalid (error, asn1_strerror (ret));
      goto fail;
    }

  /* target-domain */
  size = 0;
  ret = asn1_read_value (node, "targetDomain", NULL, &size);
  if (ret == ASN1_SUCCESS || ret == ASN1_MEM_ERROR)
    {
      char *realm = g_malloc0 (size + 1);

      ret = size > 0 ? asn1_read_value (node, "targetDomain", realm, &size) : ASN1_SUCCESS;
      if (ret != ASN1_SUCCESS || memchr (realm, 0, size) != NULL)
        {
          g_free (realm);
          message_invalid (error, _("the target-domain is not a realm"));
          goto fail;
        }
      out->target_domain = realm;
    }
  else if (ret != ASN1_ELEMENT_NOT_FOUND && ret != ASN1_VALUE_NOT_FOUND)
    {
      message_invalid (error, asn1_strerror (ret));
      goto fail;
    }

  /* dclocator-hint */
  size = sizeof hint;
  ret = asn1_read_value (node, "dclocatorHint", hint, &size);
  if (ret == ASN1_SUCCESS)
    {
      guint32 value;

      if (size < 1 || size > 4)
        {
          message_invalid (error, _("the dclocator-hint is not a 32-bit integer"));
          goto fail;
        }
      value = (hint[0] & 0x80) ? G_MAXUINT32 : 0;
      for (int i = 0; i < size; i++)
        value = (value << 8) | hint[i];
      out->has_dclocator_hint = TRUE;
      out->dclocator_hint = (gint32) value;
    }
  else if (ret != ASN1_ELEMENT_NOT_FOUND && ret != ASN1_VALUE_NOT_FOUND)
    {
      message_invalid (error, _("the dclocator-hint is not a 32-bit integer"));
      goto fail;
    }

  delete_element (&node);
  return TRUE;

fail:
  delete_element (&node);
  rdp_kkdcp_message_clear (out);
  return FALSE;
}

GBytes *
rdp_kerberos_frame (GBytes *kerberos_message)
{
  gsize size = g_bytes_get_size (kerberos_message);
  guint8 prefix[4] = { size >> 24, (size >> 16) & 0xff, (size >> 8) & 0xff, size & 0xff };
  g_autoptr(GBytes) head = g_bytes_new_static (prefix, sizeof prefix);

  g_return_val_if_fail (size <= G_MAXUINT32, NULL);
  return rdp_secret_concat (head, kerberos_message, NULL);
}

GBytes *
rdp_kkdcp_wrap_request (GBytes      *kerberos_message,
                        const char  *realm,
                        GError     **error)
{
  RdpKkdcpMessage message = { 0 };
  GBytes *der;

  g_return_val_if_fail (kerberos_message != NULL, NULL);
  g_return_val_if_fail (realm != NULL, NULL);

  if (g_bytes_get_size (kerberos_message) > RDP_KKDCP_MAX_MESSAGE - 4)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                   _("Cannot encode a KDC proxy message: the Kerberos message is too large"));
      return NULL;
    }
  message.kerb_message = rdp_kerberos_frame (kerberos_message);
  message.target_domain = (char *) realm;
  der = rdp_kkdcp_message_encode (&message, error);
  g_bytes_unref (message.kerb_message);
  return der;
}

GBytes *
rdp_kkdcp_unwrap_reply (const guint8  *data,
                        gsize          length,
                        GError       **error)
{
  g_auto(RdpKkdcpMessage) message = { 0 };
  const guint8 *framed;
  gsize size;
  guint32 declared;

  if (!rdp_kkdcp_message_decode (data, length, &message, error))
    return NULL;
  framed = g_bytes_get_data (message.kerb_message, &size);
  if (size < 4)
    {
      message_invalid (error, _("the kerb-message has no length prefix"));
      return NULL;
    }
  declared = ((guint32) framed[0] << 24) | ((guint32) framed[1] << 16)
             | ((guint32) framed[2] << 8) | framed[3];
  if (declared != size - 4)
    {
      message_invalid (error, _("the kerb-message's length prefix does not match its size"));
      return NULL;
    }
  if (declared == 0)
    {
      message_invalid (error, _("the kerb-message is empty"));
      return NULL;
    }
  return g_bytes_new_from_bytes (message.kerb_message, 4, declared);
}
