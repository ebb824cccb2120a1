/* test-kkdcp.c: the KDC proxy message codec (rdp-gio/auth/rdp-kkdcp.c)
 * against the kkdcp_* vectors (decode, then re-encode to the same bytes),
 * the request wrapping and reply unwrapping, truncated and garbled DER
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-kkdcp-private.h"
#include "rdp-test-utils.h"
#include "rdp-test-codec.h"

#define assert_bytes_equal(got, expected) \
  g_assert_cmpmem (g_bytes_get_data ((got), NULL), g_bytes_get_size (got), \
                   g_bytes_get_data ((expected), NULL), g_bytes_get_size (expected))

static gboolean
try_message (const guint8 *data,
             gsize         length,
             GError      **error)
{
  g_auto(RdpKkdcpMessage) message = { 0 };
  g_autoptr(GBytes) encoded = NULL;

  if (!rdp_kkdcp_message_decode (data, length, &message, error))
    {
      g_assert_null (message.kerb_message);
      g_assert_null (message.target_domain);
      return FALSE;
    }
  encoded = rdp_kkdcp_message_encode (&message, NULL);
  g_assert_nonnull (encoded);
  return TRUE;
}

typedef struct {
  const char *name;
  const char *realm;            /* NULL: absent */
  gsize kerb_length;            /* with the 4-byte prefix */
  guint8 first_byte;            /* of the Kerberos message after the prefix */
  gboolean unprefixed;          /* kdcproxy's test wraps a bare "RESPONSE" */
} Vector;

static const Vector vectors[] = {
  /* AS-REQ is [APPLICATION 10] (0x6a), TGS-REQ [APPLICATION 12] (0x6c);
   * a kpasswd request starts with its own length */
  { "kkdcp_pickyrs_kdc_proxy_message_asreq_example_com", "EXAMPLE.COM", 4 + 184, 0x6a },
  { "kkdcp_kdcproxy_asreq1_freeipa_local", "FREEIPA.LOCAL", 173, 0x6a },
  { "kkdcp_kdcproxy_asreq2_freeipa_local", "FREEIPA.LOCAL", 4 + 0x108, 0x6a },
  { "kkdcp_kdcproxy_tgsreq_freeipa_local", "FREEIPA.LOCAL", 4 + 0x3a8, 0x6c },
  { "kkdcp_kdcproxy_kpasswdreq_freeipa_local", "FREEIPA.LOCAL", 0, 0x02 },
  { "kkdcp_kdcproxy_reply_wrapper_RESPONSE", NULL, 8, 'R', TRUE },
};

static void
test_vectors (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      const Vector *v = &vectors[i];
      g_autoptr(GBytes) wire = rdp_test_load_vector (v->name);
      g_autoptr(GBytes) encoded = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(RdpKkdcpMessage) message = { 0 };
      const guint8 *kerb;
      gsize size;

      g_test_message ("%s", v->name);
      g_assert_true (rdp_kkdcp_message_decode (g_bytes_get_data (wire, NULL), g_bytes_get_size (wire),
                                               &message, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (message.target_domain, ==, v->realm);
      g_assert_false (message.has_dclocator_hint);
      kerb = g_bytes_get_data (message.kerb_message, &size);
      if (v->kerb_length != 0)
        g_assert_cmpuint (size, ==, v->kerb_length);
      g_assert_cmpuint (size, >, 4);
      if (v->unprefixed)
        g_assert_cmpmem (kerb, size, "RESPONSE", 8);
      else
        {
          g_assert_cmphex (kerb[4], ==, v->first_byte);
          /* the prefix counts the rest */
          g_assert_cmpuint (((guint32) kerb[0] << 24 | kerb[1] << 16 | kerb[2] << 8 | kerb[3]), ==, size - 4);
        }

      encoded = rdp_kkdcp_message_encode (&message, &error);
      g_assert_no_error (error);
      assert_bytes_equal (encoded, wire);
    }
}

static void
test_wrap_request (void)
{
  /* the picky-rs vector is the wrapping of its AS-REQ for EXAMPLE.COM */
  g_autoptr(GBytes) wire = rdp_test_load_vector ("kkdcp_pickyrs_kdc_proxy_message_asreq_example_com");
  g_autoptr(GBytes) as_req = NULL;
  g_autoptr(GBytes) wrapped = NULL;
  g_autoptr(GBytes) unwrapped = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RdpKkdcpMessage) message = { 0 };

  g_assert_true (rdp_kkdcp_message_decode (g_bytes_get_data (wire, NULL), g_bytes_get_size (wire),
                                           &message, &error));
  as_req = g_bytes_new_from_bytes (message.kerb_message, 4, g_bytes_get_size (message.kerb_message) - 4);
  wrapped = rdp_kkdcp_wrap_request (as_req, "EXAMPLE.COM", &error);
  g_assert_no_error (error);
  assert_bytes_equal (wrapped, wire);

  /* and unwrapping gives the bare message back */
  unwrapped = rdp_kkdcp_unwrap_reply (g_bytes_get_data (wrapped, NULL), g_bytes_get_size (wrapped), &error);
  g_assert_no_error (error);
  assert_bytes_equal (unwrapped, as_req);
}

static void
test_unwrap_reply (void)
{
  g_autoptr(GBytes) wire = rdp_test_load_vector ("kkdcp_kdcproxy_reply_wrapper_RESPONSE");
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  /* 30 0c a0 0a 04 08 00 00 00 05 … : the prefix says 5, 4 follow */
  static const guint8 bad_prefix[] = { 0x30, 0x0c, 0xa0, 0x0a, 0x04, 0x08, 0, 0, 0, 5, 'a', 'b', 'c', 'd' };
  static const guint8 short_prefix[] = { 0x30, 0x07, 0xa0, 0x05, 0x04, 0x03, 0, 0, 0 };
  static const guint8 empty[] = { 0x30, 0x08, 0xa0, 0x06, 0x04, 0x04, 0, 0, 0, 0 };
  /* an HTML page is no KDC proxy message */
  static const char html[] = "<html><body>Forbidden</body></html>";

  /* kdcproxy's wrapper has no length prefix of its own in this test
   * vector ("RESPONSE" is its whole kerb-message), so the prefix check
   * refuses it */
  reply = rdp_kkdcp_unwrap_reply (g_bytes_get_data (wire, NULL), g_bytes_get_size (wire), &error);
  g_assert_null (reply);
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);

  reply = rdp_kkdcp_unwrap_reply (bad_prefix, sizeof bad_prefix, &error);
  g_assert_null (reply);
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);

  reply = rdp_kkdcp_unwrap_reply (short_prefix, sizeof short_prefix, &error);
  g_assert_null (reply);
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);

  reply = rdp_kkdcp_unwrap_reply (empty, sizeof empty, &error);
  g_assert_null (reply);
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);

  reply = rdp_kkdcp_unwrap_reply ((const guint8 *) html, strlen (html), &error);
  g_assert_null (reply);
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);

  reply = rdp_kkdcp_unwrap_reply (NULL, 0, &error);
  g_assert_null (reply);
  rdp_test_assert_invalid_data (error);
}

static void
test_dclocator_hint (void)
{
  static const guint8 kerb[] = { 0, 0, 0, 1, 0x6a };
  g_autoptr(GBytes) kerb_bytes = g_bytes_new_static (kerb, sizeof kerb);
  RdpKkdcpMessage message = { kerb_bytes, (char *) "R", TRUE, -2 };
  g_auto(RdpKkdcpMessage) decoded = { 0 };
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GError) error = NULL;
  /* 30 13 a0 07 04 05 00000001 6a a1 03 1b 01 'R' a2 03 02 01 fe */
  static const guint8 expected[] = {
    0x30, 0x13, 0xa0, 0x07, 0x04, 0x05, 0, 0, 0, 1, 0x6a,
    0xa1, 0x03, 0x1b, 0x01, 'R', 0xa2, 0x03, 0x02, 0x01, 0xfe,
  };

  der = rdp_kkdcp_message_encode (&message, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (der, NULL), g_bytes_get_size (der), expected, sizeof expected);
  g_assert_true (rdp_kkdcp_message_decode (expected, sizeof expected, &decoded, &error));
  g_assert_true (decoded.has_dclocator_hint);
  g_assert_cmpint (decoded.dclocator_hint, ==, -2);
  g_assert_cmpstr (decoded.target_domain, ==, "R");
}

static void
test_malformed (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GBytes) wire = rdp_test_load_vector (vectors[i].name);
      const guint8 *data = g_bytes_get_data (wire, NULL);
      gsize size = g_bytes_get_size (wire);
      g_autofree guint8 *longer = g_malloc (size + 1);
      g_autoptr(GError) error = NULL;

      rdp_test_check_prefixes (data, size, try_message);
      rdp_test_check_garbled (data, size, try_message, 200);

      /* a trailing byte */
      memcpy (longer, data, size);
      longer[size] = 0;
      g_assert_false (try_message (longer, size + 1, &error));
      rdp_test_assert_invalid_data (error);
    }
}

static void
test_too_large (void)
{
  gsize size = RDP_KKDCP_MAX_MESSAGE + 16;
  g_autofree guint8 *data = g_malloc0 (size);
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (RDP_KKDCP_MAX_MESSAGE), RDP_KKDCP_MAX_MESSAGE);
  g_autoptr(GBytes) wrapped = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RdpKkdcpMessage) message = { 0 };

  /* 30 84 <length>: DER that claims to be larger than allowed */
  data[0] = 0x30;
  data[1] = 0x83;
  data[2] = (size - 5) >> 16;
  data[3] = ((size - 5) >> 8) & 0xff;
  data[4] = (size - 5) & 0xff;
  g_assert_false (rdp_kkdcp_message_decode (data, size, &message, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);

  wrapped = rdp_kkdcp_wrap_request (big, "R", &error);
  g_assert_null (wrapped);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kkdcp/vectors", test_vectors);
  g_test_add_func ("/kkdcp/wrap-request", test_wrap_request);
  g_test_add_func ("/kkdcp/unwrap-reply", test_unwrap_reply);
  g_test_add_func ("/kkdcp/dclocator-hint", test_dclocator_hint);
  g_test_add_func ("/kkdcp/malformed", test_malformed);
  g_test_add_func ("/kkdcp/too-large", test_too_large);

  return g_test_run ();
}
