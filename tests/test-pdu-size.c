/* test-pdu-size.c: rdp_find_pdu_size() against real PDUs and bad headers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-test-utils.h"

/* The vectors that are whole PDUs as sent on the wire. The bcgr *_decrypted
 * files are payloads after a security header and are not framed. */
static const char * const wire_prefixes[] = {
  "bcgr_",
  "w2008tls_",
  "mstsc_",
  "redemption_fastpath_",
  "rdps2rdp_fastpath_",
  "ironrdp_fastpath_input_6_mouse_events",
  "ironrdp_x224_",
};

static gboolean
is_wire_pdu (const char *name)
{
  const char *rest;

  if (!g_str_has_prefix (name, "bcgr_"))
    return TRUE;
  if (strstr (name, "_decrypted") != NULL)
    return FALSE;
  if (strstr (name, "_wire_") != NULL || g_str_has_prefix (name, "bcgr_4.2.3_"))
    return TRUE;
  /* 4.1.1 to 4.1.9 (and 4.1.8.x), not 4.1.10 and later */
  if (!g_str_has_prefix (name, "bcgr_4.1."))
    return FALSE;
  rest = name + strlen ("bcgr_4.1.");
  return rest[0] >= '1' && rest[0] <= '9' && (rest[1] == '_' || rest[1] == '.');
}

static GPtrArray *
list_wire_vectors (void)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_free);
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (wire_prefixes); i++)
    {
      g_autoptr(GPtrArray) names = rdp_test_list_vectors (wire_prefixes[i]);
      guint j;

      for (j = 0; j < names->len; j++)
        if (is_wire_pdu (names->pdata[j]))
          g_ptr_array_add (all, g_strdup (names->pdata[j]));
    }
  return all;
}

static void
assert_invalid (const guint8 *data,
                gsize         length)
{
  g_autoptr(GError) error = NULL;
  RdpAction action = 42;
  gssize size;

  size = rdp_find_pdu_size (data, length, &action, &error);
  g_assert_cmpint (size, ==, -1);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpint (action, ==, 42);
}

static void
assert_size (const guint8 *data,
             gsize         length,
             gssize        expected_size,
             RdpAction     expected_action)
{
  g_autoptr(GError) error = NULL;
  RdpAction action = 42;
  gssize size;

  size = rdp_find_pdu_size (data, length, &action, &error);
  g_assert_no_error (error);
  g_assert_cmpint (size, ==, expected_size);
  if (expected_size > 0)
    g_assert_cmpint (action, ==, expected_action);
}

/* Checks that the list really holds the vectors the task names, so that a
 * renamed file cannot silently shrink the test. */
static void
test_wire_list (void)
{
  g_autoptr(GPtrArray) names = list_wire_vectors ();
  guint i, n_bcgr = 0, n_w2008 = 0, n_mstsc = 0, n_fast = 0;

  for (i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];

      g_assert_null (strstr (name, "_decrypted"));
      if (g_str_has_prefix (name, "bcgr_"))
        n_bcgr++;
      else if (g_str_has_prefix (name, "w2008tls_"))
        n_w2008++;
      else if (g_str_has_prefix (name, "mstsc_"))
        n_mstsc++;
      if (strstr (name, "fastpath"))
        n_fast++;
    }
  /* 4.1.1-4.1.9 (19 files with the 10 channel joins), 14 *_wire_* and 4.2.3 */
  g_assert_cmpuint (n_bcgr, ==, 19 + 14 + 1);
  g_assert_cmpuint (n_w2008, ==, 15);
  g_assert_cmpuint (n_mstsc, ==, 14);
  g_assert_cmpuint (n_fast, >=, 9);
  g_assert_true (g_ptr_array_find_with_equal_func (names, "bcgr_4.1.1_client_x224_connection_request",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (names, "bcgr_4.7_fastpath_input_wire_encrypted",
                                                   g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (names, "bcgr_4.1.10_client_info_decrypted_ts_info_packet",
                                                    g_str_equal, NULL));
}

/* Every wire PDU: the whole buffer gives its length and kind, so does every
 * prefix that holds the header, and a shorter prefix asks for more. */
static void
test_wire_vectors (void)
{
  g_autoptr(GPtrArray) names = list_wire_vectors ();
  guint i;

  g_assert_cmpuint (names->len, >, 50);
  for (i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autoptr(GBytes) bytes = rdp_test_load_vector (name);
      gsize length, header, prefix;
      const guint8 *data = g_bytes_get_data (bytes, &length);
      RdpAction expected_action;

      g_test_message ("%s (%" G_GSIZE_FORMAT " bytes)", name, length);
      g_assert_cmpuint (length, >=, 7);

      if ((data[0] & 3) == 3)
        {
          expected_action = RDP_ACTION_X224;
          header = 4;
        }
      else
        {
          g_assert_cmpint (data[0] & 3, ==, 0);
          expected_action = RDP_ACTION_FAST_PATH;
          header = (data[1] & 0x80) ? 3 : 2;
        }
      /* The file names say which kind they are. */
      if (strstr (name, "fastpath"))
        g_assert_cmpint (expected_action, ==, RDP_ACTION_FAST_PATH);
      else
        g_assert_cmpint (expected_action, ==, RDP_ACTION_X224);

      assert_size (data, length, length, expected_action);
      for (prefix = 0; prefix < length; prefix++)
        assert_size (data, prefix, prefix < header ? 0 : (gssize) length, expected_action);

      /* NULL out_action is allowed and changes nothing. */
      g_assert_cmpint (rdp_find_pdu_size (data, length, NULL, NULL), ==, (gssize) length);
    }
}

/* The 2- and 3-byte fast-path headers and the lone TPKT header from IronRDP. */
static void
test_ironrdp_headers (void)
{
  static const struct {
    const char *name;
    gssize size;
    RdpAction action;
    gsize header;
  } cases[] = {
    { "ironrdp_fast_path_header_with_short_len", 8, RDP_ACTION_FAST_PATH, 2 },
    { "ironrdp_fast_path_header_with_long_len", 0x1e7, RDP_ACTION_FAST_PATH, 3 },
    { "ironrdp_fast_path_header_with_forced_long_len", 8, RDP_ACTION_FAST_PATH, 3 },
    { "ironrdp_tpkt_header_len_0x0542", 0x542, RDP_ACTION_X224, 4 },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = rdp_test_load_vector (cases[i].name);
      gsize length, prefix;
      const guint8 *data = g_bytes_get_data (bytes, &length);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpuint (length, ==, cases[i].header);
      for (prefix = 0; prefix < length; prefix++)
        assert_size (data, prefix, 0, cases[i].action);
      assert_size (data, length, cases[i].size, cases[i].action);
    }
}

static void
test_empty (void)
{
  static const guint8 byte = 0x03;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (rdp_find_pdu_size (NULL, 0, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (rdp_find_pdu_size (&byte, 0, NULL, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_not_rdp (void)
{
  guint b;

  /* Every first byte whose two low bits are 1 or 2 is refused at once. */
  for (b = 0; b < 256; b++)
    {
      guint8 data[4] = { b, 0x00, 0x00, 0x20 };

      if ((b & 3) == 1 || (b & 3) == 2)
        {
          assert_invalid (data, 1);
          assert_invalid (data, 4);
        }
    }
}

static void
test_tpkt_version (void)
{
  static const guint8 v7[] = { 0x07, 0x00, 0x00, 0x13 };
  static const guint8 v0x83[] = { 0x83, 0x00, 0x00, 0x13 };
  static const guint8 v0xff[] = { 0xff, 0x00, 0x00, 0x13 };

  /* The version is known from the first byte: no need to wait for four. */
  assert_invalid (v7, 1);
  assert_invalid (v7, 4);
  assert_invalid (v0x83, 4);
  assert_invalid (v0xff, 4);
}

static void
test_tpkt_length (void)
{
  guint len;

  for (len = 0; len < 7; len++)
    {
      guint8 data[4] = { 0x03, 0x00, 0x00, len };

      assert_size (data, 3, 0, RDP_ACTION_X224);
      assert_invalid (data, 4);
    }
  {
    guint8 data[4] = { 0x03, 0x00, 0x00, 0x07 };
    guint8 max[4] = { 0x03, 0x00, 0xff, 0xff };
    /* The reserved byte is not looked at. */
    guint8 reserved[4] = { 0x03, 0xaa, 0x01, 0x00 };

    assert_size (data, 4, 7, RDP_ACTION_X224);
    assert_size (max, 4, 65535, RDP_ACTION_X224);
    assert_size (reserved, 4, 256, RDP_ACTION_X224);
  }
}

static void
test_fast_path_length (void)
{
  static const guint8 short0[] = { 0x00, 0x00 };
  static const guint8 short1[] = { 0x00, 0x01 };
  static const guint8 short2[] = { 0x00, 0x02 };
  static const guint8 long0[] = { 0x00, 0x80, 0x00 };
  static const guint8 long2[] = { 0x00, 0x80, 0x02 };
  static const guint8 long3[] = { 0x00, 0x80, 0x03 };
  static const guint8 long_forced[] = { 0x80, 0x80, 0x08 };
  static const guint8 long_max[] = { 0x00, 0xff, 0xff };
  static const guint8 short_max[] = { 0x00, 0x7f };

  assert_invalid (short0, 2);
  assert_invalid (short1, 2);
  assert_size (short2, 2, 2, RDP_ACTION_FAST_PATH);
  assert_size (short_max, 2, 0x7f, RDP_ACTION_FAST_PATH);

  /* A long length is not judged before its second byte is in. */
  assert_size (long0, 2, 0, RDP_ACTION_FAST_PATH);
  assert_invalid (long0, 3);
  assert_invalid (long2, 3);
  assert_size (long3, 3, 3, RDP_ACTION_FAST_PATH);
  assert_size (long_forced, 1, 0, RDP_ACTION_FAST_PATH);
  assert_size (long_forced, 2, 0, RDP_ACTION_FAST_PATH);
  assert_size (long_forced, 3, 8, RDP_ACTION_FAST_PATH);
  assert_size (long_max, 3, 0x7fff, RDP_ACTION_FAST_PATH);
}

static void
test_fast_path_flags (void)
{
  guint flags, events;

  /* The encryption flags (0x40, 0x80) and the numEvents bits of byte 0 do
   * not change the size. */
  for (flags = 0; flags < 4; flags++)
    for (events = 0; events < 16; events++)
      {
        guint8 b0 = (guint8) (flags << 6 | events << 2);
        guint8 shortform[] = { b0, 0x11 };
        guint8 longform[] = { b0, 0x81, 0x4a };

        assert_size (shortform, 2, 0x11, RDP_ACTION_FAST_PATH);
        assert_size (longform, 3, 0x14a, RDP_ACTION_FAST_PATH);
      }
}

static void
test_out_action_null (void)
{
  static const guint8 tpkt[] = { 0x03, 0x00, 0x00, 0x2c };
  static const guint8 fast[] = { 0xc4, 0x11 };
  static const guint8 bad[] = { 0x01, 0x11 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (rdp_find_pdu_size (tpkt, sizeof tpkt, NULL, NULL), ==, 0x2c);
  g_assert_cmpint (rdp_find_pdu_size (fast, sizeof fast, NULL, NULL), ==, 0x11);
  g_assert_cmpint (rdp_find_pdu_size (bad, sizeof bad, NULL, NULL), ==, -1);
  g_assert_cmpint (rdp_find_pdu_size (bad, sizeof bad, NULL, &error), ==, -1);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
}

/* A need-more answer leaves out_action alone. */
static void
test_action_untouched (void)
{
  static const guint8 tpkt[] = { 0x03, 0x00, 0x00 };
  RdpAction action = 42;

  g_assert_cmpint (rdp_find_pdu_size (tpkt, sizeof tpkt, &action, NULL), ==, 0);
  g_assert_cmpint (action, ==, 42);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pdu-size/vectors/list", test_wire_list);
  g_test_add_func ("/pdu-size/vectors/wire", test_wire_vectors);
  g_test_add_func ("/pdu-size/vectors/ironrdp-headers", test_ironrdp_headers);
  g_test_add_func ("/pdu-size/empty", test_empty);
  g_test_add_func ("/pdu-size/invalid/not-rdp", test_not_rdp);
  g_test_add_func ("/pdu-size/invalid/tpkt-version", test_tpkt_version);
  g_test_add_func ("/pdu-size/tpkt-length", test_tpkt_length);
  g_test_add_func ("/pdu-size/fast-path-length", test_fast_path_length);
  g_test_add_func ("/pdu-size/fast-path-flags", test_fast_path_flags);
  g_test_add_func ("/pdu-size/out-action-null", test_out_action_null);
  g_test_add_func ("/pdu-size/action-untouched", test_action_untouched);

  return g_test_run ();
}
