/* test-input.c: the input event encoders (pdu/rdp-input.c) and the
 * slow-path Share Data frame (rdp_share_data_frame in pdu/rdp-share.c)
 *
 * Fast-path: byte-exact against the recorded PDUs of mstsc (redemption's
 * trace C16), IronRDP and redemption, and the plaintext events of
 * [MS-RDPBCGR] 4.7. Slow-path: no public vector of a TS_INPUT_PDU_DATA
 * exists (tests/vectors/INDEX.md), so its bytes are worked out by hand from
 * the layout of [MS-RDPBCGR] 2.2.8.1.1.3 (FreeRDP's encoder only runs
 * inside a live rdpRdp, so it is not a reference here); the frame around
 * it is checked byte-exact against mstsc's Synchronize (trace C13). Every
 * encoding goes back through a small decoder written here, with random
 * events.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-input-private.h"
#include "rdp-mcs-private.h"
#include "rdp-share-private.h"
#include "rdp-test-codec.h"
#include "rdp-test-utils.h"

/* ---- a decoder of our own ---- */

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

/* Decodes a whole fast-path input PDU into @out (the slow-path keyboard
 * flags, as the encoder takes them). */
static guint
decode_fast_path (GBytes        *pdu,
                  RdpInputEvent *out,
                  guint          max)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (pdu, &length);
  gsize pos = 1, total;
  guint n_events, i;

  g_assert_cmpuint (length, >=, 2);
  g_assert_cmpuint (data[0] & 0x3, ==, 0);   /* action: fast-path */
  g_assert_cmpuint (data[0] >> 6, ==, 0);    /* no encryption, no checksum */
  n_events = (data[0] >> 2) & 0xf;
  total = data[pos++];
  if (total & 0x80)
    {
      total = ((total & 0x7f) << 8) | data[pos++];
      /* the 2-byte form only when the 1-byte one cannot hold it */
      g_assert_cmpuint (total, >, 0x7f);
    }
  g_assert_cmpuint (total, ==, length);
  if (n_events == 0)
    {
      n_events = data[pos++];
      g_assert_cmpuint (n_events, >, 15);
    }
  g_assert_cmpuint (n_events, <=, max);
  for (i = 0; i < n_events; i++)
    {
      guint8 header;
      RdpInputEvent *event = &out[i];

      memset (event, 0, sizeof *event);
      g_assert_cmpuint (pos, <, length);
      header = data[pos++];
      switch (header >> 5)
        {
        case 0:
          event->type = RDP_INPUT_EVENT_SCANCODE;
          g_assert_cmpuint (header & 0x18, ==, 0);
          if (header & 0x01)
            event->flags |= RDP_INPUT_KBDFLAGS_RELEASE;
          if (header & 0x02)
            event->flags |= RDP_INPUT_KBDFLAGS_EXTENDED;
          if (header & 0x04)
            event->flags |= RDP_INPUT_KBDFLAGS_EXTENDED1;
          g_assert_cmpuint (pos + 1, <=, length);
          event->code = data[pos++];
          break;
        case 1:
        case 2:
          event->type = (header >> 5) == 1 ? RDP_INPUT_EVENT_MOUSE : RDP_INPUT_EVENT_MOUSE_EXTENDED;
          g_assert_cmpuint (header & 0x1f, ==, 0);
          g_assert_cmpuint (pos + 6, <=, length);
          event->flags = le16 (data + pos);
          event->x = le16 (data + pos + 2);
          event->y = le16 (data + pos + 4);
          pos += 6;
          break;
        case 3:
          event->type = RDP_INPUT_EVENT_SYNCHRONIZE;
          event->flags = header & 0x1f;
          break;
        case 4:
          event->type = RDP_INPUT_EVENT_UNICODE;
          g_assert_cmpuint (header & 0x1e, ==, 0);
          if (header & 0x01)
            event->flags |= RDP_INPUT_KBDFLAGS_RELEASE;
          g_assert_cmpuint (pos + 2, <=, length);
          event->code = le16 (data + pos);
          pos += 2;
          break;
        default:
          g_error ("unknown fast-path event code %u", header >> 5);
        }
    }
  g_assert_cmpuint (pos, ==, length);
  return n_events;
}

/* Decodes a TS_INPUT_PDU_DATA into @out. */
static guint
decode_slow_path (GBytes        *body,
                  RdpInputEvent *out,
                  guint          max)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (body, &length);
  guint n_events, i;
  gsize pos = 4;

  g_assert_cmpuint (length, >=, 4);
  n_events = le16 (data);
  g_assert_cmpuint (le16 (data + 2), ==, 0);
  g_assert_cmpuint (n_events, <=, max);
  g_assert_cmpuint (length, ==, 4 + 12 * n_events);   /* every event is 12 bytes */
  for (i = 0; i < n_events; i++, pos += 12)
    {
      const guint8 *p = data + pos;
      RdpInputEvent *event = &out[i];

      memset (event, 0, sizeof *event);
      g_assert_cmpuint (p[0] | p[1] | p[2] | p[3], ==, 0);   /* eventTime */
      switch (le16 (p + 4))
        {
        case 0x0000:
          event->type = RDP_INPUT_EVENT_SYNCHRONIZE;
          g_assert_cmpuint (le16 (p + 6), ==, 0);
          g_assert_cmpuint (le16 (p + 10), ==, 0);
          event->flags = le16 (p + 8);
          break;
        case 0x0004:
        case 0x0005:
          event->type = le16 (p + 4) == 4 ? RDP_INPUT_EVENT_SCANCODE : RDP_INPUT_EVENT_UNICODE;
          event->flags = le16 (p + 6);
          event->code = le16 (p + 8);
          g_assert_cmpuint (le16 (p + 10), ==, 0);
          break;
        case 0x8001:
        case 0x8002:
          event->type = le16 (p + 4) == 0x8001 ? RDP_INPUT_EVENT_MOUSE : RDP_INPUT_EVENT_MOUSE_EXTENDED;
          event->flags = le16 (p + 6);
          event->x = le16 (p + 8);
          event->y = le16 (p + 10);
          break;
        default:
          g_error ("unknown slow-path messageType 0x%04x", le16 (p + 4));
        }
    }
  return n_events;
}

static void
assert_events_equal (const RdpInputEvent *a,
                     const RdpInputEvent *b,
                     guint                n)
{
  guint i;

  for (i = 0; i < n; i++)
    {
      g_assert_cmpint (a[i].type, ==, b[i].type);
      g_assert_cmphex (a[i].flags, ==, b[i].flags);
      g_assert_cmphex (a[i].code, ==, b[i].code);
      g_assert_cmpuint (a[i].x, ==, b[i].x);
      g_assert_cmpuint (a[i].y, ==, b[i].y);
    }
}

static void
assert_fast_path (const RdpInputEvent *events,
                  guint                n_events,
                  GBytes              *expected)
{
  g_autoptr(GBytes) pdu = rdp_input_encode_fast_path (events, n_events);
  RdpInputEvent decoded[256];

  g_assert_cmpmem (g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_cmpuint (decode_fast_path (pdu, decoded, G_N_ELEMENTS (decoded)), ==, n_events);
  assert_events_equal (decoded, events, n_events);
}

/* ---- fast-path against recorded PDUs ---- */

static void
test_fast_path_mstsc (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("mstsc_tls_client_c16_fastpath_input_12_events");
  RdpInputEvent events[12];

  /* mstsc right after Request Control: releases of Tab, the shifts,
   * controls and alts (some extended), NumLock on, and a move. */
  rdp_input_event_init_scancode (&events[0], 0x0f, FALSE);
  rdp_input_event_init_sync (&events[1], RDP_INPUT_SYNC_NUM_LOCK);
  rdp_input_event_init_scancode (&events[2], 0x2a, FALSE);
  rdp_input_event_init_scancode (&events[3], 0x36, FALSE);
  rdp_input_event_init_scancode (&events[4], 0x1d, FALSE);
  rdp_input_event_init_scancode (&events[5], 0xe01d, FALSE);
  rdp_input_event_init_scancode (&events[6], 0x0f, FALSE);
  rdp_input_event_init_scancode (&events[7], 0x38, FALSE);
  rdp_input_event_init_scancode (&events[8], 0x0f, FALSE);
  rdp_input_event_init_scancode (&events[9], 0xe038, FALSE);
  rdp_input_event_init_scancode (&events[10], 0x0f, FALSE);
  rdp_input_event_init_mouse (&events[11], RDP_INPUT_PTRFLAGS_MOVE, 980, 479);
  g_assert_cmphex (events[5].flags, ==, RDP_INPUT_KBDFLAGS_EXTENDED | RDP_INPUT_KBDFLAGS_RELEASE);
  g_assert_cmphex (events[5].code, ==, 0x1d);
  assert_fast_path (events, G_N_ELEMENTS (events), vector);
}

static void
test_fast_path_ironrdp (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("ironrdp_fastpath_input_6_mouse_events");
  RdpInputEvent events[6];

  rdp_input_event_init_mouse (&events[0], RDP_INPUT_PTRFLAGS_DOWN | RDP_INPUT_PTRFLAGS_BUTTON1, 26, 1062);
  rdp_input_event_init_mouse (&events[1], RDP_INPUT_PTRFLAGS_MOVE, 27, 1062);
  rdp_input_event_init_mouse (&events[2], RDP_INPUT_PTRFLAGS_BUTTON1, 27, 1062);
  rdp_input_event_init_mouse (&events[3], RDP_INPUT_PTRFLAGS_MOVE, 26, 1063);
  rdp_input_event_init_mouse (&events[4], RDP_INPUT_PTRFLAGS_MOVE, 25, 1063);
  rdp_input_event_init_mouse (&events[5], RDP_INPUT_PTRFLAGS_MOVE, 25, 1064);
  assert_fast_path (events, G_N_ELEMENTS (events), vector);
}

static void
test_fast_path_redemption (void)
{
  g_autoptr(GBytes) four = rdp_test_load_vector ("redemption_fastpath_input_4events_scancode_sync_scancode_mouse");
  g_autoptr(GBytes) six = rdp_test_load_vector ("redemption_fastpath_input_6events_mouse_x5_scancode");
  RdpInputEvent events[6];

  rdp_input_event_init_scancode (&events[0], 0x0f, FALSE);
  rdp_input_event_init_sync (&events[1], RDP_INPUT_SYNC_NUM_LOCK);
  rdp_input_event_init_scancode (&events[2], 0x0f, FALSE);
  rdp_input_event_init_mouse (&events[3], RDP_INPUT_PTRFLAGS_MOVE, 202, 833);
  assert_fast_path (events, 4, four);

  rdp_input_event_init_mouse (&events[0], RDP_INPUT_PTRFLAGS_MOVE, 330, 658);
  rdp_input_event_init_mouse (&events[1], RDP_INPUT_PTRFLAGS_MOVE, 336, 662);
  rdp_input_event_init_mouse (&events[2], RDP_INPUT_PTRFLAGS_MOVE, 355, 669);
  rdp_input_event_init_mouse (&events[3], RDP_INPUT_PTRFLAGS_MOVE, 384, 678);
  rdp_input_event_init_mouse (&events[4], RDP_INPUT_PTRFLAGS_MOVE, 421, 685);
  rdp_input_event_init_scancode (&events[5], 0x39, TRUE);
  assert_fast_path (events, 6, six);
}

/* [MS-RDPBCGR] 4.7: one mouse move, 683 × 367; the wire PDU is encrypted,
 * its plaintext events are the vector. */
static void
test_fast_path_spec (void)
{
  g_autoptr(GBytes) events_vector = rdp_test_load_vector ("bcgr_4.7_fastpath_input_decrypted_events");
  g_autoptr(GBytes) pdu = NULL;
  RdpInputEvent event;

  rdp_input_event_init_mouse (&event, RDP_INPUT_PTRFLAGS_MOVE, 683, 367);
  pdu = rdp_input_encode_fast_path (&event, 1);
  g_assert_cmpuint (g_bytes_get_size (pdu), ==, 9);
  g_assert_cmphex (((const guint8 *) g_bytes_get_data (pdu, NULL))[0], ==, 0x04);   /* numEvents 1 */
  g_assert_cmphex (((const guint8 *) g_bytes_get_data (pdu, NULL))[1], ==, 9);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (pdu, NULL) + 2, 7,
                   g_bytes_get_data (events_vector, NULL), g_bytes_get_size (events_vector));
}

/* ---- fast-path: the other events, more than 15 events, the length forms ---- */

static void
test_fast_path_forms (void)
{
  static const guint8 unicode_xbutton[] = {
    0x10, 0x12,
    0x80, 0xe9, 0x00,                        /* UNICODE é, press */
    0x81, 0x3d, 0xd8,                        /* UNICODE U+1F600, release: high surrogate */
    0x81, 0x00, 0xde,                        /*   low surrogate */
    0x40, 0x01, 0x80, 0x0a, 0x00, 0x0b, 0x00 /* MOUSEX XBUTTON1 down at 10, 11 */
  };
  static const guint8 keys[] = {
    0x14, 0x10,
    0x02, 0x4b,                              /* Left (E0 4B) press */
    0x04, 0x1d,                              /* Pause (E1 1D) press */
    0x01, 0x1e,                              /* A release */
    0x6d,                                    /* SYNC scroll + caps + kana */
    0x20, 0x88, 0x03, 0x05, 0x00, 0x06, 0x00 /* MOUSE wheel -120 at 5, 6 */
  };
  g_autoptr(GBytes) pdu = NULL;
  g_autoptr(GBytes) expected_unicode = g_bytes_new_static (unicode_xbutton, sizeof unicode_xbutton);
  g_autoptr(GBytes) expected_keys = g_bytes_new_static (keys, sizeof keys);
  RdpInputEvent events[64], decoded[64];
  const guint8 *data;
  guint n, i;

  g_assert_cmpuint (rdp_input_events_init_unicode (&events[0], 0xe9, TRUE), ==, 1);
  g_assert_cmpuint (rdp_input_events_init_unicode (&events[1], 0x1f600, FALSE), ==, 2);
  events[3].type = RDP_INPUT_EVENT_MOUSE_EXTENDED;
  events[3].flags = RDP_INPUT_PTRXFLAGS_DOWN | RDP_INPUT_PTRXFLAGS_BUTTON1;
  events[3].code = 0;
  events[3].x = 10;
  events[3].y = 11;
  assert_fast_path (events, 4, expected_unicode);
  g_assert_cmpuint (rdp_input_events_init_unicode (&events[0], 0xd800, TRUE), ==, 0);
  g_assert_cmpuint (rdp_input_events_init_unicode (&events[0], 0x110000, TRUE), ==, 0);

  rdp_input_event_init_scancode (&events[0], 0xe04b, TRUE);
  rdp_input_event_init_scancode (&events[1], 0xe11d, TRUE);
  rdp_input_event_init_scancode (&events[2], 0x1e, FALSE);
  rdp_input_event_init_sync (&events[3], RDP_INPUT_SYNC_SCROLL_LOCK | RDP_INPUT_SYNC_CAPS_LOCK |
                             RDP_INPUT_SYNC_KANA_LOCK);
  rdp_input_event_init_wheel (&events[4], FALSE, -120, 5, 6);
  g_assert_cmphex (events[4].flags, ==, RDP_INPUT_PTRFLAGS_WHEEL | RDP_INPUT_PTRFLAGS_WHEEL_NEGATIVE | 0x88);
  assert_fast_path (events, 5, expected_keys);
  rdp_input_event_init_wheel (&events[4], TRUE, 1000, 5, 6);
  g_assert_cmphex (events[4].flags, ==, RDP_INPUT_PTRFLAGS_HWHEEL | 0xff);

  /* 16 events: numEvents 0 in the header and a byte after the length;
   * 16 × 2 + 3 = 35 bytes. */
  for (i = 0; i < 16; i++)
    rdp_input_event_init_scancode (&events[i], 0x10 + i, i & 1);
  pdu = rdp_input_encode_fast_path (events, 16);
  data = g_bytes_get_data (pdu, NULL);
  g_assert_cmpuint (g_bytes_get_size (pdu), ==, 35);
  g_assert_cmphex (data[0], ==, 0x00);
  g_assert_cmphex (data[1], ==, 35);
  g_assert_cmphex (data[2], ==, 16);
  g_assert_cmphex (data[3], ==, 0x01);   /* 0x10 released (i = 0: not pressed) */
  g_assert_cmphex (data[4], ==, 0x10);
  g_assert_cmpuint (decode_fast_path (pdu, decoded, G_N_ELEMENTS (decoded)), ==, 16);
  assert_events_equal (decoded, events, 16);
  g_clear_pointer (&pdu, g_bytes_unref);

  /* 127 bytes: the 1-byte length; one byte more: the 2-byte length (and so
   * 2 more bytes). 10 moves (70) + 27 scancodes (54) + 3 = 127. */
  for (n = 37; n <= 38; n++)
    {
      for (i = 0; i < n; i++)
        {
          if (i < 10)
            rdp_input_event_init_mouse (&events[i], RDP_INPUT_PTRFLAGS_MOVE, i, 2 * i);
          else
            rdp_input_event_init_scancode (&events[i], i, TRUE);
        }
      pdu = rdp_input_encode_fast_path (events, n);
      data = g_bytes_get_data (pdu, NULL);
      if (n == 37)
        {
          g_assert_cmpuint (g_bytes_get_size (pdu), ==, 127);
          g_assert_cmphex (data[1], ==, 127);
          g_assert_cmphex (data[2], ==, 37);
        }
      else
        {
          g_assert_cmpuint (g_bytes_get_size (pdu), ==, 130);
          g_assert_cmphex (data[1], ==, 0x80);
          g_assert_cmphex (data[2], ==, 130);
          g_assert_cmphex (data[3], ==, 38);
        }
      g_assert_cmpuint (decode_fast_path (pdu, decoded, G_N_ELEMENTS (decoded)), ==, n);
      assert_events_equal (decoded, events, n);
      g_clear_pointer (&pdu, g_bytes_unref);
    }
}

/* ---- slow-path ---- */

static void
test_slow_path (void)
{
  /* [MS-RDPBCGR] 2.2.8.1.1.3.1: numEvents, pad2Octets, then per event
   * eventTime (4, 0) and messageType; every event is 12 bytes. */
  static const guint8 expected[] = {
    0x06, 0x00, 0x00, 0x00,
    /* SYNC: pad2Octets, toggleFlags NUM | CAPS */
    0x00, 0x00, 0x00, 0x00,  0x00, 0x00,  0x00, 0x00,  0x06, 0x00, 0x00, 0x00,
    /* SCANCODE: keyboardFlags RELEASE | EXTENDED, keyCode 0x4b, pad */
    0x00, 0x00, 0x00, 0x00,  0x04, 0x00,  0x00, 0x81,  0x4b, 0x00,  0x00, 0x00,
    /* UNICODE: keyboardFlags 0, unicodeCode é, pad */
    0x00, 0x00, 0x00, 0x00,  0x05, 0x00,  0x00, 0x00,  0xe9, 0x00,  0x00, 0x00,
    /* MOUSE: DOWN | BUTTON3 at 640, 480 */
    0x00, 0x00, 0x00, 0x00,  0x01, 0x80,  0x00, 0xc0,  0x80, 0x02,  0xe0, 0x01,
    /* MOUSE: WHEEL +120 */
    0x00, 0x00, 0x00, 0x00,  0x01, 0x80,  0x78, 0x02,  0x80, 0x02,  0xe0, 0x01,
    /* MOUSEX: XBUTTON2 up */
    0x00, 0x00, 0x00, 0x00,  0x02, 0x80,  0x02, 0x00,  0x01, 0x00,  0x02, 0x00,
  };
  g_autoptr(GBytes) body = NULL;
  RdpInputEvent events[6], decoded[6];

  rdp_input_event_init_sync (&events[0], RDP_INPUT_SYNC_NUM_LOCK | RDP_INPUT_SYNC_CAPS_LOCK);
  rdp_input_event_init_scancode (&events[1], 0xe04b, FALSE);
  rdp_input_events_init_unicode (&events[2], 0xe9, TRUE);
  rdp_input_event_init_mouse (&events[3], RDP_INPUT_PTRFLAGS_DOWN | RDP_INPUT_PTRFLAGS_BUTTON3, 640, 480);
  rdp_input_event_init_wheel (&events[4], FALSE, 120, 640, 480);
  memset (&events[5], 0, sizeof events[5]);
  events[5].type = RDP_INPUT_EVENT_MOUSE_EXTENDED;
  events[5].flags = RDP_INPUT_PTRXFLAGS_BUTTON2;
  events[5].x = 1;
  events[5].y = 2;
  body = rdp_input_encode_slow_path (events, 6);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), expected, sizeof expected);
  g_assert_cmpuint (decode_slow_path (body, decoded, 6), ==, 6);
  assert_events_equal (decoded, events, 6);
}

/* The frame around a Share Data body: byte-exact against mstsc's
 * Synchronize (user 1001, I/O channel 1003, share 0x00010002), and an Input
 * PDU taken apart by the library's own decoders. */
static void
test_share_data_frame (void)
{
  static const guint8 sync_payload[] = { 0x01, 0x00, 0xe9, 0x03 };
  g_autoptr(GBytes) vector = rdp_test_load_vector ("mstsc_tls_client_c13_synchronize");
  g_autoptr(GBytes) payload = g_bytes_new_static (sync_payload, sizeof sync_payload);
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) input_frame = NULL;
  g_autoptr(GBytes) huge = NULL;
  RdpInputEvent event;
  RdpMcsDomainPdu mcs;
  RdpShareControlPdu control;
  RdpShareDataHeader header;
  RdpPduReader reader;
  GError *error = NULL;

  frame = rdp_share_data_frame (1001, 1003, 0x00010002, RDP_SHARE_DATA_SYNCHRONIZE, payload, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (frame, NULL), g_bytes_get_size (frame),
                   g_bytes_get_data (vector, NULL), g_bytes_get_size (vector));

  rdp_input_event_init_scancode (&event, 0x1e, TRUE);
  body = rdp_input_encode_slow_path (&event, 1);
  input_frame = rdp_share_data_frame (1007, 1003, 0x000103ea, RDP_SHARE_DATA_INPUT, body, &error);
  g_assert_no_error (error);
  g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (input_frame, NULL), g_bytes_get_size (input_frame),
                                            &mcs, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mcs.type, ==, RDP_MCS_SEND_DATA_REQUEST);
  g_assert_cmpuint (mcs.initiator, ==, 1007);
  g_assert_cmpuint (mcs.channel_id, ==, 1003);
  g_assert_true (rdp_share_control_decode (mcs.user_data, mcs.user_data_length, &control, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (control.source, ==, 1007);
  g_assert_true (rdp_share_data_read (&control, &header, &reader, &error));
  g_assert_no_error (error);
  g_assert_cmphex (header.share_id, ==, 0x000103ea);
  g_assert_cmpuint (header.pdu_type2, ==, RDP_SHARE_DATA_INPUT);
  g_assert_cmpuint (header.stream_id, ==, RDP_SHARE_STREAM_LOW);
  g_assert_cmpuint (header.compressed_type, ==, 0);
  g_assert_cmpmem (rdp_pdu_reader_peek_ptr (&reader), rdp_pdu_reader_remaining (&reader),
                   g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  /* Longer than a TPKT: refused. */
  huge = g_bytes_new_take (g_malloc0 (65536 - 20), 65536 - 20);
  g_assert_null (rdp_share_data_frame (1007, 1003, 1, RDP_SHARE_DATA_INPUT, huge, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

/* ---- random round trips ---- */

static void
random_event (RdpInputEvent *event)
{
  memset (event, 0, sizeof *event);
  event->type = g_test_rand_int_range (0, 5);
  switch (event->type)
    {
    case RDP_INPUT_EVENT_SCANCODE:
      event->code = g_test_rand_int_range (0, 256);
      event->flags = g_test_rand_int_range (0, 8) << 8;   /* EXTENDED, EXTENDED1 */
      event->flags = (event->flags & 0x0300) | (g_test_rand_bit () ? RDP_INPUT_KBDFLAGS_RELEASE : 0);
      break;
    case RDP_INPUT_EVENT_UNICODE:
      event->code = g_test_rand_int_range (0, 65536);
      event->flags = g_test_rand_bit () ? RDP_INPUT_KBDFLAGS_RELEASE : 0;
      break;
    case RDP_INPUT_EVENT_MOUSE:
    case RDP_INPUT_EVENT_MOUSE_EXTENDED:
      event->flags = g_test_rand_int_range (0, 65536);
      event->x = g_test_rand_int_range (0, 65536);
      event->y = g_test_rand_int_range (0, 65536);
      break;
    case RDP_INPUT_EVENT_SYNCHRONIZE:
      event->flags = g_test_rand_int_range (0, 16);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
test_round_trip (void)
{
  guint round, rounds = g_test_thorough () ? 5000 : 500;

  for (round = 0; round < rounds; round++)
    {
      RdpInputEvent events[RDP_INPUT_FAST_PATH_MAX_EVENTS], decoded[RDP_INPUT_FAST_PATH_MAX_EVENTS];
      guint n = g_test_rand_bit () ? g_test_rand_int_range (1, 17) : g_test_rand_int_range (1, 256), i;
      g_autoptr(GBytes) fast = NULL;
      g_autoptr(GBytes) slow = NULL;

      for (i = 0; i < n; i++)
        random_event (&events[i]);
      fast = rdp_input_encode_fast_path (events, n);
      g_assert_cmpuint (decode_fast_path (fast, decoded, G_N_ELEMENTS (decoded)), ==, n);
      assert_events_equal (decoded, events, n);
      slow = rdp_input_encode_slow_path (events, n);
      g_assert_cmpuint (decode_slow_path (slow, decoded, G_N_ELEMENTS (decoded)), ==, n);
      assert_events_equal (decoded, events, n);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/input/fast-path/mstsc-c16", test_fast_path_mstsc);
  g_test_add_func ("/input/fast-path/ironrdp", test_fast_path_ironrdp);
  g_test_add_func ("/input/fast-path/redemption", test_fast_path_redemption);
  g_test_add_func ("/input/fast-path/spec-4.7", test_fast_path_spec);
  g_test_add_func ("/input/fast-path/forms", test_fast_path_forms);
  g_test_add_func ("/input/slow-path", test_slow_path);
  g_test_add_func ("/input/share-data-frame", test_share_data_frame);
  g_test_add_func ("/input/round-trip", test_round_trip);

  return g_test_run ();
}
