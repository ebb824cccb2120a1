/* rdp-input.c: the client's input events, fast-path and slow-path
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-input-private.h"
#include "rdp-pdu-cursor-private.h"

/* Fast-path (2.2.8.1.2.2): eventHeader = eventCode << 5 | eventFlags. */
#define FP_EVENT_SCANCODE 0x0
#define FP_EVENT_MOUSE    0x1
#define FP_EVENT_MOUSEX   0x2
#define FP_EVENT_SYNC     0x3
#define FP_EVENT_UNICODE  0x4

#define FP_KBDFLAGS_RELEASE   0x01
#define FP_KBDFLAGS_EXTENDED  0x02
#define FP_KBDFLAGS_EXTENDED1 0x04

/* Slow-path (2.2.8.1.1.3.1.1) messageType */
#define SP_EVENT_SYNC     0x0000
#define SP_EVENT_SCANCODE 0x0004
#define SP_EVENT_UNICODE  0x0005
#define SP_EVENT_MOUSE    0x8001
#define SP_EVENT_MOUSEX   0x8002

void
rdp_input_event_init_scancode (RdpInputEvent *event,
                               guint          scancode,
                               gboolean       pressed)
{
  memset (event, 0, sizeof *event);
  event->type = RDP_INPUT_EVENT_SCANCODE;
  event->code = scancode & 0xff;
  if ((scancode & 0xff00) == 0xe000)
    event->flags |= RDP_INPUT_KBDFLAGS_EXTENDED;
  else if ((scancode & 0xff00) == 0xe100)
    event->flags |= RDP_INPUT_KBDFLAGS_EXTENDED1;
  if (!pressed)
    event->flags |= RDP_INPUT_KBDFLAGS_RELEASE;
}

guint
rdp_input_events_init_unicode (RdpInputEvent *events,
                               gunichar       character,
                               gboolean       pressed)
{
  guint16 units[2];
  guint n, i;

  if (character > 0x10ffff || (character >= 0xd800 && character <= 0xdfff))
    return 0;
  if (character < 0x10000)
    {
      units[0] = (guint16) character;
      n = 1;
    }
  else
    {
      units[0] = (guint16) (0xd800 + ((character - 0x10000) >> 10));
      units[1] = (guint16) (0xdc00 + ((character - 0x10000) & 0x3ff));
      n = 2;
    }
  for (i = 0; i < n; i++)
    {
      memset (&events[i], 0, sizeof events[i]);
      events[i].type = RDP_INPUT_EVENT_UNICODE;
      events[i].code = units[i];
      events[i].flags = pressed ? 0 : RDP_INPUT_KBDFLAGS_RELEASE;
    }
  return n;
}

void
rdp_input_event_init_mouse (RdpInputEvent *event,
                            guint16        flags,
                            guint16        x,
                            guint16        y)
{
  memset (event, 0, sizeof *event);
  event->type = RDP_INPUT_EVENT_MOUSE;
  event->flags = flags;
  event->x = x;
  event->y = y;
}

void
rdp_input_event_init_wheel (RdpInputEvent *event,
                            gboolean       horizontal,
                            gint           rotation,
                            guint16        x,
                            guint16        y)
{
  /* The rotation is a 9-bit two's complement number: its sign bit is
   * PTRFLAGS_WHEEL_NEGATIVE. */
  rotation = CLAMP (rotation, -255, 255);
  rdp_input_event_init_mouse (event,
                              (horizontal ? RDP_INPUT_PTRFLAGS_HWHEEL : RDP_INPUT_PTRFLAGS_WHEEL) |
                              ((guint) rotation & RDP_INPUT_PTRFLAGS_WHEEL_ROTATION_MASK),
                              x, y);
}

void
rdp_input_event_init_sync (RdpInputEvent *event,
                           guint16        toggle_flags)
{
  memset (event, 0, sizeof *event);
  event->type = RDP_INPUT_EVENT_SYNCHRONIZE;
  event->flags = toggle_flags;
}

static void
write_fast_path_event (GByteArray          *out,
                       const RdpInputEvent *event)
{
  guint8 flags = 0;

  switch (event->type)
    {
    case RDP_INPUT_EVENT_SCANCODE:
      if (event->flags & RDP_INPUT_KBDFLAGS_RELEASE)
        flags |= FP_KBDFLAGS_RELEASE;
      if (event->flags & RDP_INPUT_KBDFLAGS_EXTENDED)
        flags |= FP_KBDFLAGS_EXTENDED;
      if (event->flags & RDP_INPUT_KBDFLAGS_EXTENDED1)
        flags |= FP_KBDFLAGS_EXTENDED1;
      rdp_pdu_write_u8 (out, FP_EVENT_SCANCODE << 5 | flags);
      rdp_pdu_write_u8 (out, event->code & 0xff);
      break;
    case RDP_INPUT_EVENT_UNICODE:
      if (event->flags & RDP_INPUT_KBDFLAGS_RELEASE)
        flags |= FP_KBDFLAGS_RELEASE;
      rdp_pdu_write_u8 (out, FP_EVENT_UNICODE << 5 | flags);
      rdp_pdu_write_u16le (out, event->code);
      break;
    case RDP_INPUT_EVENT_MOUSE:
    case RDP_INPUT_EVENT_MOUSE_EXTENDED:
      rdp_pdu_write_u8 (out, (event->type == RDP_INPUT_EVENT_MOUSE ? FP_EVENT_MOUSE : FP_EVENT_MOUSEX) << 5);
      rdp_pdu_write_u16le (out, event->flags);
      rdp_pdu_write_u16le (out, event->x);
      rdp_pdu_write_u16le (out, event->y);
      break;
    case RDP_INPUT_EVENT_SYNCHRONIZE:
      rdp_pdu_write_u8 (out, FP_EVENT_SYNC << 5 | (event->flags & 0x1f));
      break;
    default:
      g_return_if_reached ();
    }
}

GBytes *
rdp_input_encode_fast_path (const RdpInputEvent *events,
                            guint                n_events)
{
  g_autoptr(GByteArray) body = NULL;
  GByteArray *out;
  gsize total;
  guint i;

  g_return_val_if_fail (events != NULL, NULL);
  g_return_val_if_fail (n_events >= 1 && n_events <= RDP_INPUT_FAST_PATH_MAX_EVENTS, NULL);

  body = g_byte_array_sized_new (7 * n_events);
  if (n_events > 15)
    rdp_pdu_write_u8 (body, (guint8) n_events);
  for (i = 0; i < n_events; i++)
    write_fast_path_event (body, &events[i]);

  /* fpInputHeader: action 0 (FASTPATH_INPUT_ACTION_FASTPATH), numEvents
   * (0 when the numEvents byte follows), flags 0. The length counts the
   * whole PDU, its own 1 or 2 bytes included. */
  out = g_byte_array_sized_new (body->len + 3);
  rdp_pdu_write_u8 (out, (guint8) ((n_events <= 15 ? n_events : 0) << 2));
  total = 1 + 1 + body->len;
  if (total <= 0x7f)
    rdp_pdu_write_u8 (out, (guint8) total);
  else
    {
      total++;
      g_assert (total <= 0x7fff);
      rdp_pdu_write_u16be (out, (guint16) (0x8000 | total));
    }
  rdp_pdu_write_bytes (out, body->data, body->len);
  g_assert (out->len == total);
  return g_byte_array_free_to_bytes (out);
}

static void
write_slow_path_event (GByteArray          *out,
                       const RdpInputEvent *event)
{
  rdp_pdu_write_u32le (out, 0);   /* eventTime: ignored by servers */
  switch (event->type)
    {
    case RDP_INPUT_EVENT_SCANCODE:
    case RDP_INPUT_EVENT_UNICODE:
      rdp_pdu_write_u16le (out, event->type == RDP_INPUT_EVENT_SCANCODE ? SP_EVENT_SCANCODE : SP_EVENT_UNICODE);
      rdp_pdu_write_u16le (out, event->type == RDP_INPUT_EVENT_SCANCODE ? event->flags :
                                event->flags & RDP_INPUT_KBDFLAGS_RELEASE);
      rdp_pdu_write_u16le (out, event->type == RDP_INPUT_EVENT_SCANCODE ? event->code & 0xff : event->code);
      rdp_pdu_write_u16le (out, 0);   /* pad2Octets */
      break;
    case RDP_INPUT_EVENT_MOUSE:
    case RDP_INPUT_EVENT_MOUSE_EXTENDED:
      rdp_pdu_write_u16le (out, event->type == RDP_INPUT_EVENT_MOUSE ? SP_EVENT_MOUSE : SP_EVENT_MOUSEX);
      rdp_pdu_write_u16le (out, event->flags);
      rdp_pdu_write_u16le (out, event->x);
      rdp_pdu_write_u16le (out, event->y);
      break;
    case RDP_INPUT_EVENT_SYNCHRONIZE:
      rdp_pdu_write_u16le (out, SP_EVENT_SYNC);
      rdp_pdu_write_u16le (out, 0);   /* pad2Octets */
      rdp_pdu_write_u32le (out, event->flags);
      break;
    default:
      g_return_if_reached ();
    }
}

GBytes *
rdp_input_encode_slow_path (const RdpInputEvent *events,
                            guint                n_events)
{
  GByteArray *out;
  guint i;

  g_return_val_if_fail (events != NULL, NULL);
  g_return_val_if_fail (n_events >= 1 && n_events <= RDP_INPUT_SLOW_PATH_MAX_EVENTS, NULL);

  out = g_byte_array_sized_new (4 + 12 * n_events);
  rdp_pdu_write_u16le (out, (guint16) n_events);
  rdp_pdu_write_u16le (out, 0);   /* pad2Octets */
  for (i = 0; i < n_events; i++)
    write_slow_path_event (out, &events[i]);
  return g_byte_array_free_to_bytes (out);
}
