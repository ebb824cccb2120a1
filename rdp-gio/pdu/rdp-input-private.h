/* rdp-input-private.h: sans-I/O encoders of the client's input events,
 * fast-path (TS_FP_INPUT_PDU, [MS-RDPBCGR] 2.2.8.1.2) and slow-path
 * (TS_INPUT_PDU_DATA, 2.2.8.1.1.3)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  RDP_INPUT_EVENT_SCANCODE,
  RDP_INPUT_EVENT_UNICODE,
  RDP_INPUT_EVENT_MOUSE,
  RDP_INPUT_EVENT_MOUSE_EXTENDED,
  RDP_INPUT_EVENT_SYNCHRONIZE,
} RdpInputEventType;

/* Keyboard flags, as in the slow-path keyboardFlags (TS_KEYBOARD_EVENT);
 * the fast-path encoder maps them to its eventFlags (RELEASE 0x01,
 * EXTENDED 0x02, EXTENDED1 0x04; DOWN has no fast-path form). A Unicode
 * event uses RELEASE only. */
#define RDP_INPUT_KBDFLAGS_EXTENDED  0x0100
#define RDP_INPUT_KBDFLAGS_EXTENDED1 0x0200
#define RDP_INPUT_KBDFLAGS_DOWN      0x4000
#define RDP_INPUT_KBDFLAGS_RELEASE   0x8000

/* TS_POINTER_EVENT pointerFlags */
#define RDP_INPUT_PTRFLAGS_WHEEL_ROTATION_MASK 0x01ff
#define RDP_INPUT_PTRFLAGS_WHEEL_NEGATIVE      0x0100
#define RDP_INPUT_PTRFLAGS_WHEEL               0x0200
#define RDP_INPUT_PTRFLAGS_HWHEEL              0x0400
#define RDP_INPUT_PTRFLAGS_MOVE                0x0800
#define RDP_INPUT_PTRFLAGS_BUTTON1             0x1000   /* left */
#define RDP_INPUT_PTRFLAGS_BUTTON2             0x2000   /* right */
#define RDP_INPUT_PTRFLAGS_BUTTON3             0x4000   /* middle */
#define RDP_INPUT_PTRFLAGS_DOWN                0x8000

/* TS_POINTERX_EVENT pointerFlags */
#define RDP_INPUT_PTRXFLAGS_BUTTON1 0x0001   /* back (XBUTTON1) */
#define RDP_INPUT_PTRXFLAGS_BUTTON2 0x0002   /* forward (XBUTTON2) */
#define RDP_INPUT_PTRXFLAGS_DOWN    0x8000

/* TS_SYNC_EVENT toggleFlags (and the fast-path eventFlags of a sync) */
#define RDP_INPUT_SYNC_SCROLL_LOCK 0x01
#define RDP_INPUT_SYNC_NUM_LOCK    0x02
#define RDP_INPUT_SYNC_CAPS_LOCK   0x04
#define RDP_INPUT_SYNC_KANA_LOCK   0x08

/* One input event.
 * - SCANCODE: code is the scancode (low 8 bits), flags RDP_INPUT_KBDFLAGS_*;
 * - UNICODE: code is a UTF-16 code unit, flags 0 or RDP_INPUT_KBDFLAGS_RELEASE;
 * - MOUSE: flags RDP_INPUT_PTRFLAGS_* (a wheel event carries its rotation
 *   in the low 9 bits, negative with WHEEL_NEGATIVE: see
 *   rdp_input_event_init_wheel()), x and y;
 * - MOUSE_EXTENDED: flags RDP_INPUT_PTRXFLAGS_*, x and y;
 * - SYNCHRONIZE: flags RDP_INPUT_SYNC_* (the lock keys that are on). */
typedef struct {
  RdpInputEventType type;
  guint16 flags;
  guint16 code;
  guint16 x, y;
} RdpInputEvent;

/* A fast-path input PDU holds at most 255 events (its numEvents byte);
 * a slow-path Input PDU is bounded by the TPKT length. */
#define RDP_INPUT_FAST_PATH_MAX_EVENTS 255
#define RDP_INPUT_SLOW_PATH_MAX_EVENTS 4096

/* Fills in @event for a set-1 @scancode: 0xE0nn is an extended key
 * (KBDFLAGS_EXTENDED), 0xE1nn one with the E1 prefix (KBDFLAGS_EXTENDED1,
 * Pause), anything else the low byte. */
void  rdp_input_event_init_scancode (RdpInputEvent *event,
                                     guint          scancode,
                                     gboolean       pressed);
/* Fills in @events (room for two) for @character: one event for a
 * character of the Basic Multilingual Plane, two (the UTF-16 surrogates,
 * high first) above it. Returns how many; 0 for a surrogate code point or
 * one beyond U+10FFFF. */
guint rdp_input_events_init_unicode (RdpInputEvent *events,
                                     gunichar       character,
                                     gboolean       pressed);
/* A mouse event with @flags (RDP_INPUT_PTRFLAGS_*) at @x, @y. */
void  rdp_input_event_init_mouse    (RdpInputEvent *event,
                                     guint16        flags,
                                     guint16        x,
                                     guint16        y);
/* A wheel event: vertical (positive: away from the user) or, with
 * @horizontal, horizontal (positive: right), @rotation clamped to
 * -255...255 (one notch is 120). */
void  rdp_input_event_init_wheel    (RdpInputEvent *event,
                                     gboolean       horizontal,
                                     gint           rotation,
                                     guint16        x,
                                     guint16        y);
void  rdp_input_event_init_sync     (RdpInputEvent *event,
                                     guint16        toggle_flags);

/* The whole fast-path input PDU (fpInputHeader, length, events; no
 * encryption, no checksum): numEvents in the header for up to 15 events,
 * else in a byte after the length; the length in 1 byte when the PDU is
 * shorter than 128 bytes, else in 2. 1 <= @n_events <= 255. */
GBytes *rdp_input_encode_fast_path (const RdpInputEvent *events,
                                    guint                n_events);

/* The TS_INPUT_PDU_DATA (numEvents, pad2Octets, TS_INPUT_EVENTs with
 * eventTime 0): the payload of a Share Data PDU of type
 * RDP_SHARE_DATA_INPUT (see rdp_share_data_frame()).
 * 1 <= @n_events <= RDP_INPUT_SLOW_PATH_MAX_EVENTS. */
GBytes *rdp_input_encode_slow_path (const RdpInputEvent *events,
                                    guint                n_events);

G_END_DECLS
