/* test-pointer.c: the pointer update codec (pdu/rdp-pointer.c) and the
 * cursor image decoder (session/rdp-cursor.c)
 *
 * Known answers: the Pointer PDU of the Windows 2008 capture
 * (w2008tls_server_s13, a slow-path SYSPTR_DEFAULT), redemption's fast-path
 * update vectors (a 32 × 32 monochrome arrow, a cached pointer, a default
 * pointer), and small pointers built here at every depth whose pixels are
 * worked out by hand from [MS-RDPBCGR] 2.2.9.1.1.4.4 and FreeRDP's rules
 * (see rdp-cursor-private.h). Differentially, when FreeRDP 2 is there:
 * random pointers at 1, 8, 16, 24 and 32 bpp decoded by
 * freerdp_image_copy_from_pointer_data and by rdp_cursor_decode, compared
 * pixel for pixel (FreeRDP's straight alpha premultiplied first). Malformed
 * updates (every prefix, garbled copies, wrong lengths and sizes) fail with
 * RDP_ERROR_INVALID_DATA.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-cursor-private.h"
#include "rdp-mcs-private.h"
#include "rdp-pointer-private.h"
#include "rdp-share-private.h"
#include "rdp-test-codec.h"
#include "rdp-test-utils.h"

#ifdef RDP_TEST_HAVE_FREERDP
#include <freerdp/codec/color.h>
#endif

/* ---- helpers ---- */

/* A fast-path update of a server fast-path output PDU (no encryption). */
typedef struct {
  guint code;
  const guint8 *data;
  gsize size;
} FastPathUpdate;

static guint
split_fast_path (GBytes         *pdu,
                 FastPathUpdate *updates,
                 guint           max)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (pdu, &length);
  gsize pos = 1, total;
  guint n = 0;

  g_assert_cmpuint (data[0] & 0x3, ==, 0);     /* FASTPATH_OUTPUT_ACTION_FASTPATH */
  g_assert_cmpuint (data[0] >> 6, ==, 0);      /* no encryption */
  total = data[pos++];
  if (total & 0x80)
    total = ((total & 0x7f) << 8) | data[pos++];
  g_assert_cmpuint (total, ==, length);
  while (pos < length)
    {
      guint8 header = data[pos++];
      gsize size;

      if ((header >> 6) == 2)
        pos++;   /* compressionFlags */
      g_assert_cmpuint (pos + 2, <=, length);
      size = data[pos] | (data[pos + 1] << 8);
      pos += 2;
      g_assert_cmpuint (pos + size, <=, length);
      g_assert_cmpuint (n, <, max);
      updates[n].code = header & 0x0f;
      updates[n].data = data + pos;
      updates[n].size = size;
      n++;
      pos += size;
    }
  return n;
}

static guint try_fast_path_code;

/* Parses, and decodes what is a pointer image (with a grey palette). */
static gboolean
decode_update (const RdpPointerUpdate *update,
               GError                **error)
{
  g_autofree guint32 *argb = NULL;
  guint32 palette[256];
  guint i;

  if (update->kind != RDP_POINTER_UPDATE_COLOR && update->kind != RDP_POINTER_UPDATE_NEW &&
      update->kind != RDP_POINTER_UPDATE_LARGE)
    return TRUE;
  for (i = 0; i < 256; i++)
    palette[i] = 0xff000000u | i * 0x010101u;
  argb = g_new (guint32, MAX ((gsize) update->width * update->height, 1));
  return rdp_cursor_decode (update, palette, argb, error);
}

static gboolean
try_slow_path (const guint8 *data,
               gsize         length,
               GError      **error)
{
  RdpPointerUpdate update;

  return rdp_pointer_update_parse_slow_path (data, length, &update, error) &&
         decode_update (&update, error);
}

static gboolean
try_fast_path (const guint8 *data,
               gsize         length,
               GError      **error)
{
  RdpPointerUpdate update;

  return rdp_pointer_update_parse_fast_path (try_fast_path_code, data, length, &update, error) &&
         decode_update (&update, error);
}

static void
check_bad_slow_path (const guint8 *data,
                     gsize         length)
{
  rdp_test_check_prefixes (data, length, try_slow_path);
  rdp_test_check_garbled (data, length, try_slow_path, g_test_thorough () ? 20000 : 2000);
}

/* @pad: the update ends in the optional pad byte (without which it is
 * valid too). */
static void
check_bad_fast_path (guint         code,
                     const guint8 *data,
                     gsize         length,
                     gboolean      pad)
{
  try_fast_path_code = code;
  rdp_test_check_prefixes (data, pad ? length - 1 : length, try_fast_path);
  rdp_test_check_garbled (data, length, try_fast_path, g_test_thorough () ? 20000 : 2000);
}

/* Builds the body of a colour (@bpp 0: TS_COLORPOINTERATTRIBUTE), new
 * (TS_POINTERATTRIBUTE) or large (@large) pointer. */
static GByteArray *
build_pointer (gboolean      large,
               guint         bpp,
               guint16       cache_index,
               guint16       hotspot_x,
               guint16       hotspot_y,
               guint16       width,
               guint16       height,
               const guint8 *xor_mask,
               gsize         xor_size,
               const guint8 *and_mask,
               gsize         and_size)
{
  GByteArray *out = g_byte_array_new ();

  if (bpp)
    rdp_pdu_write_u16le (out, bpp);
  rdp_pdu_write_u16le (out, cache_index);
  rdp_pdu_write_u16le (out, hotspot_x);
  rdp_pdu_write_u16le (out, hotspot_y);
  rdp_pdu_write_u16le (out, width);
  rdp_pdu_write_u16le (out, height);
  if (large)
    {
      rdp_pdu_write_u32le (out, and_size);
      rdp_pdu_write_u32le (out, xor_size);
    }
  else
    {
      rdp_pdu_write_u16le (out, and_size);
      rdp_pdu_write_u16le (out, xor_size);
    }
  rdp_pdu_write_bytes (out, xor_mask, xor_size);
  rdp_pdu_write_bytes (out, and_mask, and_size);
  return out;
}

/* A slow-path TS_POINTER_PDU around @body. */
static GByteArray *
slow_path (guint16       message_type,
           const guint8 *body,
           gsize         length)
{
  GByteArray *out = g_byte_array_new ();

  rdp_pdu_write_u16le (out, message_type);
  rdp_pdu_write_u16le (out, 0);
  rdp_pdu_write_bytes (out, body, length);
  return out;
}

static void
assert_invalid_fast_path (guint         code,
                          const guint8 *data,
                          gsize         length)
{
  g_autofree guint8 *copy = g_memdup2 (data, length);
  RdpPointerUpdate update;
  GError *error = NULL;

  g_assert_false (rdp_pointer_update_parse_fast_path (code, copy, length, &update, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

static void
parse_fast_path_ok (guint             code,
                    const guint8     *data,
                    gsize             length,
                    RdpPointerUpdate *update)
{
  GError *error = NULL;

  g_assert_true (rdp_pointer_update_parse_fast_path (code, data, length, update, &error));
  g_assert_no_error (error);
}

static void
decode_ok (const RdpPointerUpdate *update,
           const guint32          *palette,
           guint32                *argb)
{
  GError *error = NULL;

  g_assert_true (rdp_cursor_decode (update, palette, argb, &error));
  g_assert_no_error (error);
}

/* ---- known PDUs ---- */

static void
test_slow_path_w2008 (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("w2008tls_server_s13_sdi_with_4_concatenated_share_data_pdus");
  RdpMcsDomainPdu mcs;
  RdpShareIter iter;
  RdpShareControlPdu pdu;
  GError *error = NULL;
  guint pointers = 0;

  g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (vector, NULL), g_bytes_get_size (vector),
                                            &mcs, &error));
  g_assert_no_error (error);
  rdp_share_iter_init (&iter, mcs.user_data, mcs.user_data_length);
  while (rdp_share_iter_next (&iter, &pdu, &error))
    {
      RdpShareDataHeader header;
      RdpPduReader payload;
      RdpPointerUpdate update;

      g_assert_true (rdp_share_data_read (&pdu, &header, &payload, &error));
      if (header.pdu_type2 != RDP_SHARE_DATA_POINTER)
        continue;
      pointers++;
      /* 01 00 (SYSTEM) 71 d5 (garbage pad) 00 7f 00 00 (SYSPTR_DEFAULT) */
      g_assert_cmpuint (rdp_pdu_reader_remaining (&payload), ==, 8);
      g_assert_true (rdp_pointer_update_parse_slow_path (rdp_pdu_reader_peek_ptr (&payload),
                                                         rdp_pdu_reader_remaining (&payload),
                                                         &update, &error));
      g_assert_no_error (error);
      g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_SYSTEM_DEFAULT);
      check_bad_slow_path (rdp_pdu_reader_peek_ptr (&payload), rdp_pdu_reader_remaining (&payload));
    }
  g_assert_no_error (error);
  g_assert_cmpuint (pointers, ==, 1);
}

/* redemption's arrow, decoded: '#' black, 'o' white, ' ' transparent, '~'
 * inverted. 1 bpp masks are top-down: the tip of the arrow is at the top,
 * on the hotspot (10, 10). */
static const char *const redemption_arrow[32] = {
  "                                ",
  "                                ",
  "                                ",
  "                                ",
  "                                ",
  "                                ",
  "                                ",
  "                                ",
  "                                ",
  "                                ",
  "          #                     ",
  "          ##                    ",
  "          #o#                   ",
  "          #oo#                  ",
  "          #ooo#                 ",
  "          #oooo#                ",
  "          #ooooo#               ",
  "          #oooooo#              ",
  "          #ooooooo#             ",
  "          #oooooooo#            ",
  "          #ooooooooo#           ",
  "          #oooooo#####          ",
  "          #ooo#oo#              ",
  "          #oo##oo#              ",
  "          #o#  #oo#             ",
  "          ##   #oo#             ",
  "          #     #oo#            ",
  "                #oo#            ",
  "                 #oo#           ",
  "                 #oo#           ",
  "                  ##            ",
  "                                ",
};

static char
pixel_char (guint32 pixel)
{
  switch (pixel)
    {
    case 0xff000000u: return '#';
    case 0xffffffffu: return 'o';
    case 0: return ' ';
    default: return '?';
    }
}

static void
test_fast_path_redemption (void)
{
  g_autoptr(GBytes) pointer_pdu = rdp_test_load_vector ("redemption_fastpath_update_2byte_len_orders_bitmap_sync_pointer");
  g_autoptr(GBytes) cached_pdu = rdp_test_load_vector ("redemption_fastpath_update_1byte_len_cached_pointer");
  g_autoptr(GBytes) default_pdu = rdp_test_load_vector ("redemption_fastpath_update_1byte_len_sync_bitmap_sync_ptrdefault");
  FastPathUpdate updates[8];
  RdpPointerUpdate update;
  guint32 argb[32 * 32];
  guint n, y, x;

  n = split_fast_path (pointer_pdu, updates, G_N_ELEMENTS (updates));
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (updates[3].code, ==, RDP_FASTPATH_UPDATETYPE_POINTER);
  /* 16 bytes of header, 128 + 128 bytes of masks and the pad byte */
  g_assert_cmpuint (updates[3].size, ==, 273);
  parse_fast_path_ok (updates[3].code, updates[3].data, updates[3].size, &update);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_NEW);
  g_assert_cmpuint (update.xor_bpp, ==, 1);
  g_assert_cmpuint (update.cache_index, ==, 0);
  g_assert_cmpuint (update.hotspot_x, ==, 10);
  g_assert_cmpuint (update.hotspot_y, ==, 10);
  g_assert_cmpuint (update.width, ==, 32);
  g_assert_cmpuint (update.height, ==, 32);
  g_assert_cmpuint (update.xor_size, ==, 128);
  g_assert_cmpuint (update.and_size, ==, 128);
  g_assert_true (update.xor_mask == updates[3].data + 16);
  g_assert_true (update.and_mask == updates[3].data + 16 + 128);
  decode_ok (&update, NULL, argb);
  for (y = 0; y < 32; y++)
    {
      char row[33];

      for (x = 0; x < 32; x++)
        row[x] = pixel_char (argb[y * 32 + x]);
      row[32] = '\0';
      g_assert_cmpstr (row, ==, redemption_arrow[y]);
    }
  check_bad_fast_path (updates[3].code, updates[3].data, updates[3].size, TRUE);

  n = split_fast_path (cached_pdu, updates, G_N_ELEMENTS (updates));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (updates[0].code, ==, RDP_FASTPATH_UPDATETYPE_CACHED);
  parse_fast_path_ok (updates[0].code, updates[0].data, updates[0].size, &update);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_CACHED);
  g_assert_cmpuint (update.cache_index, ==, 0);
  check_bad_fast_path (updates[0].code, updates[0].data, updates[0].size, FALSE);

  n = split_fast_path (default_pdu, updates, G_N_ELEMENTS (updates));
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (updates[3].code, ==, RDP_FASTPATH_UPDATETYPE_PTR_DEFAULT);
  parse_fast_path_ok (updates[3].code, updates[3].data, updates[3].size, &update);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_SYSTEM_DEFAULT);
}

static void
test_system_and_position (void)
{
  static const guint8 hidden[] = { 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
  static const guint8 position[] = { 0x03, 0x00, 0x00, 0x00, 0x34, 0x12, 0x78, 0x06 };
  static const guint8 cached[] = { 0x07, 0x00, 0x00, 0x00, 0x05, 0x00 };
  static const guint8 fp_position[] = { 0x0a, 0x00, 0x14, 0x00 };
  RdpPointerUpdate update;
  GError *error = NULL;

  g_assert_true (rdp_pointer_update_parse_slow_path (hidden, sizeof hidden, &update, &error));
  g_assert_no_error (error);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_SYSTEM_HIDDEN);
  check_bad_slow_path (hidden, sizeof hidden);

  g_assert_true (rdp_pointer_update_parse_slow_path (position, sizeof position, &update, &error));
  g_assert_no_error (error);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_POSITION);
  g_assert_cmpuint (update.x, ==, 0x1234);
  g_assert_cmpuint (update.y, ==, 0x0678);
  check_bad_slow_path (position, sizeof position);

  g_assert_true (rdp_pointer_update_parse_slow_path (cached, sizeof cached, &update, &error));
  g_assert_no_error (error);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_CACHED);
  g_assert_cmpuint (update.cache_index, ==, 5);

  parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_PTR_POSITION, fp_position, sizeof fp_position, &update);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_POSITION);
  g_assert_cmpuint (update.x, ==, 10);
  g_assert_cmpuint (update.y, ==, 20);
  check_bad_fast_path (RDP_FASTPATH_UPDATETYPE_PTR_POSITION, fp_position, sizeof fp_position, FALSE);

  parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_PTR_NULL, NULL, 0, &update);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_SYSTEM_HIDDEN);
  parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_PTR_DEFAULT, NULL, 0, &update);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_SYSTEM_DEFAULT);
}

/* ---- every depth, by hand ---- */

/* A 3 × 2 pointer at 24 bpp, slow-path COLOR: scanlines of 9 bytes padded
 * to 10, bottom-up. Top row: red, white, black; bottom row: green, black,
 * white. AND: top row 0 1 1 (white → inverted: black at (1, 0), x + y odd;
 * black → transparent), bottom row 1 0 0 (green stays, black and white
 * opaque). */
static void
test_color_24bpp (void)
{
  static const guint8 xor_mask[20] = {
    /* bottom row: green, black, white */
    0x00, 0xff, 0x00,  0x00, 0x00, 0x00,  0xff, 0xff, 0xff,  0xee,
    /* top row: red (B G R), white, black */
    0x00, 0x00, 0xff,  0xff, 0xff, 0xff,  0x00, 0x00, 0x00,  0xee,
  };
  static const guint8 and_mask[4] = { 0x80, 0x00, 0x60, 0x00 };
  g_autoptr(GByteArray) body = build_pointer (FALSE, 0, 7, 1, 5, 3, 2, xor_mask, 20, and_mask, 4);
  g_autoptr(GByteArray) pdu = slow_path (RDP_POINTER_MSGTYPE_COLOR, body->data, body->len);
  RdpPointerUpdate update;
  guint32 argb[6];
  GError *error = NULL;

  g_assert_true (rdp_pointer_update_parse_slow_path (pdu->data, pdu->len, &update, &error));
  g_assert_no_error (error);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_COLOR);
  g_assert_cmpuint (update.xor_bpp, ==, 24);
  g_assert_cmpuint (update.cache_index, ==, 7);
  g_assert_cmpuint (update.hotspot_x, ==, 1);
  g_assert_cmpuint (update.hotspot_y, ==, 0);   /* 5 is outside: moved to 0 */
  decode_ok (&update, NULL, argb);
  g_assert_cmphex (argb[0], ==, 0xffff0000);
  g_assert_cmphex (argb[1], ==, 0xff000000);
  g_assert_cmphex (argb[2], ==, 0x00000000);
  g_assert_cmphex (argb[3], ==, 0xff00ff00);
  g_assert_cmphex (argb[4], ==, 0xff000000);
  g_assert_cmphex (argb[5], ==, 0xffffffff);
  check_bad_slow_path (pdu->data, pdu->len);

  /* The same as a fast-path COLOR update with the pad byte. */
  g_byte_array_append (body, (const guint8 *) "\0", 1);
  parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_COLOR, body->data, body->len, &update);
  g_assert_cmpuint (update.xor_bpp, ==, 24);
  g_assert_cmpuint (update.width, ==, 3);
}

/* 3 × 2 at 1 bpp, masks top-down (FreeRDP's reading). Row 0: AND 0 1 1,
 * XOR 0 1 0: black, inverted at (1, 0) (x + y odd: black), transparent.
 * Row 1: AND 0 1 0, XOR 1 1 0: white, inverted at (1, 1) (even: white),
 * black. */
static void
test_new_1bpp (void)
{
  static const guint8 xor_mask[4] = { 0x40, 0x00, 0xc0, 0x00 };
  static const guint8 and_mask[4] = { 0x60, 0x00, 0x40, 0x00 };
  static const guint32 expected[6] = { 0xff000000, 0xff000000, 0, 0xffffffff, 0xffffffff, 0xff000000 };
  g_autoptr(GByteArray) body = build_pointer (FALSE, 1, 0, 0, 0, 3, 2, xor_mask, 4, and_mask, 4);
  RdpPointerUpdate update;
  guint32 argb[6];

  parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_POINTER, body->data, body->len, &update);
  decode_ok (&update, NULL, argb);
  g_assert_cmpmem (argb, sizeof argb, expected, sizeof expected);
}

static void
make_palette (guint32 *palette)
{
  guint i;

  for (i = 0; i < 256; i++)
    palette[i] = 0xff000000u | (i * 0x00010203u & 0xffffff);
  palette[0] = 0xff000000;
  palette[1] = 0xffff0000;
  palette[2] = 0xff0000ff;
  palette[15] = 0xffffffff;
}

/* 3 × 2 at 4 bpp, bottom-up, high nibble first, scanlines of 2 bytes. Top
 * row: indices 1 15 2, AND 0 1 0 (white → inverted at (1, 0): black);
 * bottom row: 0 1 15, AND 1 0 0 (black → transparent). */
static void
test_new_4bpp (void)
{
  static const guint8 xor_mask[4] = { 0x01, 0xf0, 0x1f, 0x20 };
  static const guint8 and_mask[4] = { 0x80, 0x00, 0x40, 0x00 };
  static const guint32 expected[6] = { 0xffff0000, 0xff000000, 0xff0000ff, 0, 0xffff0000, 0xffffffff };
  g_autoptr(GByteArray) body = build_pointer (FALSE, 4, 0, 0, 0, 3, 2, xor_mask, 4, and_mask, 4);
  RdpPointerUpdate update;
  guint32 palette[256], argb[6];
  GError *error = NULL;

  make_palette (palette);
  parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_POINTER, body->data, body->len, &update);
  g_assert_cmpuint (update.xor_bpp, ==, 4);
  decode_ok (&update, palette, argb);
  g_assert_cmpmem (argb, sizeof argb, expected, sizeof expected);

  g_assert_false (rdp_cursor_decode (&update, NULL, argb, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

/* 3 × 1 at 8 bpp without an AND mask (every AND bit 0: black is opaque). */
static void
test_new_8bpp (void)
{
  static const guint8 xor_mask[4] = { 1, 2, 0, 0xee };
  static const guint32 expected[3] = { 0xffff0000, 0xff0000ff, 0xff000000 };
  g_autoptr(GByteArray) body = build_pointer (FALSE, 8, 0, 0, 0, 3, 1, xor_mask, 4, NULL, 0);
  RdpPointerUpdate update;
  guint32 palette[256], argb[3];
  GError *error = NULL;

  make_palette (palette);
  parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_POINTER, body->data, body->len, &update);
  g_assert_null (update.and_mask);
  g_assert_cmpuint (update.and_size, ==, 0);
  decode_ok (&update, palette, argb);
  g_assert_cmpmem (argb, sizeof argb, expected, sizeof expected);

  g_assert_false (rdp_cursor_decode (&update, NULL, argb, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

/* 2 × 1 at 16 bpp: 5-5-5, the top bit ignored, 5 bits expanded to 8 as
 * (v << 3) | (v >> 2). */
static void
test_new_16bpp (void)
{
  static const guint8 xor_mask[4] = { 0x00, 0x7c, 0x10, 0x82 };
  static const guint32 expected[2] = { 0xffff0000, 0xff008484 };
  g_autoptr(GByteArray) body = build_pointer (FALSE, 16, 0, 0, 0, 2, 1, xor_mask, 4, NULL, 0);
  RdpPointerUpdate update;
  guint32 argb[2];

  parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_POINTER, body->data, body->len, &update);
  decode_ok (&update, NULL, argb);
  g_assert_cmpmem (argb, sizeof argb, expected, sizeof expected);
}

/* 2 × 2 at 32 bpp, slow-path POINTER, bottom-up B G R A. Top row: a
 * half-transparent orange (premultiplied), then black with AND 1
 * (transparent); bottom row: white with AND 1 (inverted at (0, 1): black),
 * then a colour with alpha 0 (transparent, premultiplied to 0). */
static void
test_new_32bpp (void)
{
  static const guint8 xor_mask[16] = {
    0xff, 0xff, 0xff, 0xff,  0x01, 0x02, 0x03, 0x00,
    0x40, 0x80, 0xff, 0x80,  0x00, 0x00, 0x00, 0xff,
  };
  static const guint8 and_mask[4] = { 0x80, 0x00, 0x40, 0x00 };
  static const guint32 expected[4] = { 0x80804020, 0, 0xff000000, 0 };
  g_autoptr(GByteArray) body = build_pointer (FALSE, 32, 3, 1, 1, 2, 2, xor_mask, 16, and_mask, 4);
  g_autoptr(GByteArray) pdu = slow_path (RDP_POINTER_MSGTYPE_POINTER, body->data, body->len);
  RdpPointerUpdate update;
  guint32 argb[4];
  GError *error = NULL;

  g_assert_true (rdp_pointer_update_parse_slow_path (pdu->data, pdu->len, &update, &error));
  g_assert_no_error (error);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_NEW);
  g_assert_cmpuint (update.xor_bpp, ==, 32);
  g_assert_cmpuint (update.cache_index, ==, 3);
  g_assert_cmpuint (update.hotspot_x, ==, 1);
  g_assert_cmpuint (update.hotspot_y, ==, 1);
  decode_ok (&update, NULL, argb);
  g_assert_cmpmem (argb, sizeof argb, expected, sizeof expected);
  check_bad_slow_path (pdu->data, pdu->len);
}

static void
test_large (void)
{
  gsize xor_size = rdp_pointer_xor_stride (32, 384) * 384, and_size = rdp_pointer_and_stride (384) * 384;
  g_autofree guint8 *xor_mask = g_malloc0 (xor_size);
  g_autofree guint8 *and_mask = g_malloc (and_size);
  g_autofree guint32 *argb = g_new (guint32, 384 * 384);
  g_autoptr(GByteArray) body = NULL;
  g_autoptr(GByteArray) pdu = NULL;
  g_autoptr(GByteArray) too_big = NULL;
  g_autoptr(GByteArray) pad = NULL;
  RdpPointerUpdate update;
  GError *error = NULL;

  g_assert_cmpuint (xor_size, ==, 384 * 384 * 4);
  g_assert_cmpuint (and_size, ==, 48 * 384);
  memset (and_mask, 0xff, and_size);
  xor_mask[(383 * 384 + 5) * 4 + 2] = 0xff;   /* red at (5, 0), alpha 0 */
  xor_mask[(383 * 384 + 5) * 4 + 3] = 0xff;   /* opaque */
  body = build_pointer (TRUE, 32, 9, 383, 2, 384, 384, xor_mask, xor_size, and_mask, and_size);
  parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_LARGE_POINTER, body->data, body->len, &update);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_LARGE);
  g_assert_cmpuint (update.cache_index, ==, 9);
  g_assert_cmpuint (update.hotspot_x, ==, 383);
  g_assert_cmpuint (update.width, ==, 384);
  decode_ok (&update, NULL, argb);
  g_assert_cmphex (argb[5], ==, 0xffff0000);
  g_assert_cmphex (argb[4], ==, 0);
  g_assert_cmphex (argb[384 * 384 - 1], ==, 0);

  pdu = slow_path (RDP_POINTER_MSGTYPE_LARGE, body->data, body->len);
  g_assert_true (rdp_pointer_update_parse_slow_path (pdu->data, pdu->len, &update, &error));
  g_assert_no_error (error);
  g_assert_cmpint (update.kind, ==, RDP_POINTER_UPDATE_LARGE);

  /* No pad byte after a large pointer. */
  pad = g_byte_array_new ();
  g_byte_array_append (pad, body->data, body->len);
  g_byte_array_append (pad, (const guint8 *) "\0", 1);
  assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_LARGE_POINTER, pad->data, pad->len);

  /* 385 wide: over the limit (with masks of the right size). */
  xor_size = rdp_pointer_xor_stride (1, 385) * 1;
  and_size = rdp_pointer_and_stride (385) * 1;
  too_big = build_pointer (TRUE, 1, 0, 0, 0, 385, 1, xor_mask, xor_size, and_mask, and_size);
  assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_LARGE_POINTER, too_big->data, too_big->len);
}

/* ---- malformed ---- */

static void
test_malformed (void)
{
  static const guint8 masks[64] = { 0 };
  static const guint8 unknown_type[] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x00 };
  static const guint8 unknown_system[] = { 0x01, 0x00, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00 };
  static const guint8 position_trailing[] = { 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00 };
  static const guint8 one[] = { 0x00 };
  static const guint8 huge_lengths[] = {
    0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  };
  RdpPointerUpdate update;
  guint32 argb[64];
  GError *error = NULL;
  guint bpp;

  /* the right sizes, as a reference */
  {
    g_autoptr(GByteArray) ok = build_pointer (FALSE, 8, 0, 0, 0, 5, 3, masks, 18, masks, 6);
    g_autoptr(GByteArray) padded = build_pointer (FALSE, 8, 0, 0, 0, 5, 3, masks, 18, masks, 6);
    g_autoptr(GByteArray) trailing = build_pointer (FALSE, 8, 0, 0, 0, 5, 3, masks, 18, masks, 6);

    parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_POINTER, ok->data, ok->len, &update);
    g_byte_array_append (padded, masks, 1);
    parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_POINTER, padded->data, padded->len, &update);
    g_byte_array_append (trailing, masks, 2);
    assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_POINTER, trailing->data, trailing->len);
  }
  /* XOR mask one byte short or long, its data there */
  {
    g_autoptr(GByteArray) a = build_pointer (FALSE, 8, 0, 0, 0, 5, 3, masks, 17, masks, 6);
    g_autoptr(GByteArray) b = build_pointer (FALSE, 8, 0, 0, 0, 5, 3, masks, 19, masks, 6);
    /* unpadded scanlines (5 bytes instead of 6) */
    g_autoptr(GByteArray) c = build_pointer (FALSE, 8, 0, 0, 0, 5, 3, masks, 15, masks, 6);
    /* AND mask unpadded (1 byte per scanline instead of 2) */
    g_autoptr(GByteArray) d = build_pointer (FALSE, 8, 0, 0, 0, 5, 3, masks, 18, masks, 3);

    assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_POINTER, a->data, a->len);
    assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_POINTER, b->data, b->len);
    assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_POINTER, c->data, c->len);
    assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_POINTER, d->data, d->len);
  }
  /* Depths that do not exist */
  for (bpp = 0; bpp <= 40; bpp++)
    {
      g_autoptr(GByteArray) p = NULL;
      gsize xor_size = rdp_pointer_xor_stride (bpp, 1);

      if (bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32)
        continue;
      p = build_pointer (FALSE, bpp, 0, 0, 0, 1, 1, masks, xor_size, masks, 2);
      assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_POINTER, p->data, p->len);
    }
  /* 97 pixels wide or high: over 96 */
  {
    static guint8 big[97 * 2 * 4];
    g_autoptr(GByteArray) w96 = build_pointer (FALSE, 1, 0, 0, 0, 96, 1, big, 12, big, 12);
    g_autoptr(GByteArray) w97 = build_pointer (FALSE, 1, 0, 0, 0, 97, 1, big, 14, big, 14);
    g_autoptr(GByteArray) h97 = build_pointer (FALSE, 1, 0, 0, 0, 1, 97, big, 194, big, 194);

    parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_POINTER, w96->data, w96->len, &update);
    assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_POINTER, w97->data, w97->len);
    assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_POINTER, h97->data, h97->len);
  }
  /* A large pointer with lengths of 4 GiB - 1 */
  assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_LARGE_POINTER, huge_lengths, sizeof huge_lengths);

  g_assert_false (rdp_pointer_update_parse_slow_path (unknown_type, sizeof unknown_type, &update, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  g_assert_false (rdp_pointer_update_parse_slow_path (unknown_system, sizeof unknown_system, &update, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  g_assert_false (rdp_pointer_update_parse_slow_path (position_trailing, sizeof position_trailing, &update, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);

  assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_PTR_NULL, one, sizeof one);
  assert_invalid_fast_path (RDP_FASTPATH_UPDATETYPE_PTR_DEFAULT, one, sizeof one);
  assert_invalid_fast_path (1, one, sizeof one);   /* BITMAP is no pointer update */
  assert_invalid_fast_path (7, NULL, 0);

  /* A hand-made update whose masks do not fit */
  memset (&update, 0, sizeof update);
  update.kind = RDP_POINTER_UPDATE_NEW;
  update.xor_bpp = 24;
  update.width = 4;
  update.height = 4;
  update.xor_mask = masks;
  update.xor_size = 47;
  g_assert_false (rdp_cursor_decode (&update, NULL, argb, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  update.xor_size = 48;
  update.and_mask = masks;
  update.and_size = 7;
  g_assert_false (rdp_cursor_decode (&update, NULL, argb, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  update.and_size = 8;
  decode_ok (&update, NULL, argb);

  /* A 0 × 0 pointer: valid, and shows nothing. */
  {
    g_autoptr(GByteArray) empty = build_pointer (FALSE, 32, 0, 0, 0, 0, 0, NULL, 0, NULL, 0);

    parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_POINTER, empty->data, empty->len, &update);
    g_assert_cmpuint (update.width, ==, 0);
    decode_ok (&update, NULL, NULL);
  }
  /* 0 × 18 at 16 bpp (fuzz-pointer found the decoder offsetting the NULL
   * mask of an empty pointer row by row: undefined behaviour). */
  {
    g_autoptr(GByteArray) thin = build_pointer (FALSE, 16, 1, 810, 146, 0, 18, NULL, 0, NULL, 0);

    parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_POINTER, thin->data, thin->len, &update);
    g_assert_cmpuint (update.height, ==, 18);
    g_assert_cmpuint (update.hotspot_x, ==, 0);
    g_assert_null (update.xor_mask);
    decode_ok (&update, NULL, NULL);
  }
}

#ifdef RDP_TEST_HAVE_FREERDP
/* ---- against FreeRDP ---- */

static guint8
random_byte (void)
{
  return (guint8) g_test_rand_int_range (0, 256);
}

/* One XOR pixel, with black and white (the values the AND mask changes)
 * as often as random colours. */
static void
random_xor_pixel (guint8 *p,
                  guint   bpp)
{
  guint kind = g_test_rand_int_range (0, 4);
  guint i;

  switch (bpp)
    {
    case 8:
      p[0] = kind == 0 ? 0 : kind == 1 ? 255 : random_byte ();
      break;
    case 16:
      {
        guint16 v = kind == 0 ? 0x0000 : kind == 1 ? 0x7fff : (guint16) g_test_rand_int_range (0, 65536);

        if (kind < 2 && g_test_rand_bit ())
          v |= 0x8000;
        p[0] = v & 0xff;
        p[1] = v >> 8;
      }
      break;
    case 24:
    case 32:
      for (i = 0; i < 3; i++)
        p[i] = kind == 0 ? 0 : kind == 1 ? 0xff : random_byte ();
      if (bpp == 32)
        {
          guint alpha = g_test_rand_int_range (0, 4);

          p[3] = alpha == 0 ? 0 : alpha == 3 ? random_byte () : 0xff;
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
compare_with_freerdp (guint bpp,
                      guint width,
                      guint height,
                      gboolean with_and)
{
  gsize xor_stride = rdp_pointer_xor_stride (bpp, width), and_stride = rdp_pointer_and_stride (width);
  gsize xor_size = xor_stride * height, and_size = with_and ? and_stride * height : 0;
  g_autofree guint8 *xor_mask = g_malloc (xor_size);
  g_autofree guint8 *and_mask = g_malloc (MAX (and_size, 1));
  g_autofree guint32 *ours = g_new (guint32, width * height);
  g_autofree guint8 *theirs = g_malloc (width * height * 4);
  g_autoptr(GByteArray) body = NULL;
  gdiPalette palette;
  guint32 our_palette[256];
  RdpPointerUpdate update;
  gsize i;
  guint x, y;

  for (i = 0; i < xor_size; i++)
    xor_mask[i] = random_byte ();
  if (bpp > 1)
    for (y = 0; y < height; y++)
      for (x = 0; x < width; x++)
        random_xor_pixel (xor_mask + y * xor_stride + x * (bpp / 8), bpp);
  for (i = 0; i < and_size; i++)
    and_mask[i] = random_byte ();

  for (i = 0; i < 256; i++)
    our_palette[i] = 0xff000000u | (g_test_rand_int () & 0xffffff);
  our_palette[0] = 0xff000000;
  our_palette[255] = 0xffffffff;
  palette.format = PIXEL_FORMAT_ARGB32;
  memcpy (palette.palette, our_palette, sizeof our_palette);

  body = build_pointer (FALSE, bpp, 0, 0, 0, width, height, xor_mask, xor_size, and_mask, and_size);
  parse_fast_path_ok (RDP_FASTPATH_UPDATETYPE_POINTER, body->data, body->len, &update);
  decode_ok (&update, our_palette, ours);

  /* BGRA32 is B, G, R, A in memory: a little-endian 0xAARRGGBB. */
  g_assert_true (freerdp_image_copy_from_pointer_data (theirs, PIXEL_FORMAT_BGRA32, 0, 0, 0, width, height,
                                                       xor_mask, xor_size, with_and ? and_mask : NULL,
                                                       and_size, bpp, &palette));
  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      {
        const guint8 *p = theirs + (y * width + x) * 4;
        guint32 a = p[3], expected;

        expected = a << 24;
        if (a != 0)
          expected |= ((p[2] * a + 127) / 255) << 16 | ((p[1] * a + 127) / 255) << 8 | ((p[0] * a + 127) / 255);
        if (ours[y * width + x] != expected)
          g_error ("%u bpp %ux%u%s: pixel (%u, %u) is %08x, FreeRDP's (premultiplied) %08x",
                   bpp, width, height, with_and ? "" : " without AND mask", x, y,
                   ours[y * width + x], expected);
      }
}

static void
test_freerdp (void)
{
  static const guint depths[] = { 1, 8, 16, 24, 32 };
  static const guint sizes[] = { 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48, 95, 96 };
  guint rounds = g_test_thorough () ? 2000 : 200, round, d;

  for (d = 0; d < G_N_ELEMENTS (depths); d++)
    {
      /* every width and height of interest, then random ones */
      for (round = 0; round < G_N_ELEMENTS (sizes); round++)
        {
          compare_with_freerdp (depths[d], sizes[round], sizes[G_N_ELEMENTS (sizes) - 1 - round], TRUE);
          compare_with_freerdp (depths[d], sizes[round], sizes[round], TRUE);
        }
      for (round = 0; round < rounds; round++)
        compare_with_freerdp (depths[d], g_test_rand_int_range (1, 97), g_test_rand_int_range (1, 97),
                              depths[d] == 1 || g_test_rand_int_range (0, 4) != 0);
    }
}
#endif

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pointer/slow-path/w2008", test_slow_path_w2008);
  g_test_add_func ("/pointer/fast-path/redemption", test_fast_path_redemption);
  g_test_add_func ("/pointer/system-position-cached", test_system_and_position);
  g_test_add_func ("/pointer/color-24bpp", test_color_24bpp);
  g_test_add_func ("/pointer/new-1bpp", test_new_1bpp);
  g_test_add_func ("/pointer/new-4bpp", test_new_4bpp);
  g_test_add_func ("/pointer/new-8bpp", test_new_8bpp);
  g_test_add_func ("/pointer/new-16bpp", test_new_16bpp);
  g_test_add_func ("/pointer/new-32bpp", test_new_32bpp);
  g_test_add_func ("/pointer/large", test_large);
  g_test_add_func ("/pointer/malformed", test_malformed);
#ifdef RDP_TEST_HAVE_FREERDP
  g_test_add_func ("/pointer/freerdp", test_freerdp);
#endif

  return g_test_run ();
}
