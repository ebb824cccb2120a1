/* rdp-capabilities-private.h: sans-I/O codec of the Demand Active and
 * Confirm Active PDUs ([MS-RDPBCGR] 2.2.1.13.1, 2.2.1.13.2) and of the
 * capability sets (2.2.7) that matter to a client
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-pdu-cursor-private.h"
#include "rdp-share-private.h"

G_BEGIN_DECLS

/* capabilitySetType */
typedef enum {
  RDP_CAPSET_GENERAL = 1,
  RDP_CAPSET_BITMAP = 2,
  RDP_CAPSET_ORDER = 3,
  RDP_CAPSET_BITMAPCACHE = 4,
  RDP_CAPSET_CONTROL = 5,
  RDP_CAPSET_ACTIVATION = 7,
  RDP_CAPSET_POINTER = 8,
  RDP_CAPSET_SHARE = 9,
  RDP_CAPSET_COLORCACHE = 10,
  RDP_CAPSET_SOUND = 12,
  RDP_CAPSET_INPUT = 13,
  RDP_CAPSET_FONT = 14,
  RDP_CAPSET_BRUSH = 15,
  RDP_CAPSET_GLYPHCACHE = 16,
  RDP_CAPSET_OFFSCREENCACHE = 17,
  RDP_CAPSET_BITMAPCACHE_HOSTSUPPORT = 18,
  RDP_CAPSET_BITMAPCACHE_REV2 = 19,
  RDP_CAPSET_VIRTUALCHANNEL = 20,
  RDP_CAPSET_DRAWNINEGRIDCACHE = 21,
  RDP_CAPSET_DRAWGDIPLUS = 22,
  RDP_CAPSET_RAIL = 23,
  RDP_CAPSET_WINDOW = 24,
  RDP_CAPSET_COMPDESK = 25,
  RDP_CAPSET_MULTIFRAGMENTUPDATE = 26,
  RDP_CAPSET_LARGE_POINTER = 27,
  RDP_CAPSET_SURFACE_COMMANDS = 28,
  RDP_CAPSET_BITMAP_CODECS = 29,
  RDP_CAPSET_FRAME_ACKNOWLEDGE = 30,
} RdpCapsetType;

/* General extraFlags */
#define RDP_FASTPATH_OUTPUT_SUPPORTED  0x0001
#define RDP_LONG_CREDENTIALS_SUPPORTED 0x0004
#define RDP_AUTORECONNECT_SUPPORTED    0x0008
#define RDP_ENC_SALTED_CHECKSUM        0x0010
#define RDP_NO_BITMAP_COMPRESSION_HDR  0x0400

/* Input inputFlags */
#define RDP_INPUT_FLAG_SCANCODES      0x0001
#define RDP_INPUT_FLAG_MOUSEX         0x0004
#define RDP_INPUT_FLAG_FASTPATH_INPUT 0x0008
#define RDP_INPUT_FLAG_UNICODE        0x0010
#define RDP_INPUT_FLAG_FASTPATH_INPUT2 0x0020
#define RDP_INPUT_FLAG_UNUSED1        0x0040
#define RDP_INPUT_FLAG_MOUSE_RELATIVE 0x0080
#define RDP_INPUT_FLAG_MOUSE_HWHEEL   0x0100
#define RDP_INPUT_FLAG_QOE_TIMESTAMPS 0x0200

/* Surface commands cmdFlags */
#define RDP_SURFCMDS_SET_SURFACE_BITS    0x00000002
#define RDP_SURFCMDS_FRAME_MARKER        0x00000010
#define RDP_SURFCMDS_STREAM_SURFACE_BITS 0x00000040

#define RDP_LARGE_POINTER_FLAG_96x96   0x0001
#define RDP_LARGE_POINTER_FLAG_384x384 0x0002

/* One capability set: its type and its bytes after the 4-byte header
 * (lengthCapability - 4). Lengths vary between peers (FONT 4 or 8 bytes,
 * WINDOW 11 bytes): any length of at least 4 is kept. */
typedef struct {
  guint16 type;
  GBytes *data;
} RdpCapabilitySet;

/* A Demand Active (pdu_type RDP_SHARE_PDU_DEMAND_ACTIVE) or Confirm Active
 * (RDP_SHARE_PDU_CONFIRM_ACTIVE) PDU. source is the Share Control
 * pduSource. originator_id: Confirm Active only. session_id: Demand Active
 * only (has_session_id FALSE when a server left it out). caps holds
 * RdpCapabilitySet, in order. */
typedef struct {
  RdpSharePduType pdu_type;
  guint16 source;
  guint32 share_id;
  guint16 originator_id;
  GBytes *source_descriptor;
  guint16 pad2;
  GArray *caps;
  gboolean has_session_id;
  guint32 session_id;
} RdpActivePdu;

void     rdp_active_pdu_clear (RdpActivePdu *pdu);
/* The first set of @type, or NULL. */
const RdpCapabilitySet *rdp_active_pdu_find (const RdpActivePdu *pdu,
                                             guint16             type);
/* Appends a set (takes a reference on @data). */
void     rdp_active_pdu_add (RdpActivePdu *pdu,
                             guint16       type,
                             GBytes       *data);

/* Decodes the body of a Share Control PDU of type Demand Active or Confirm
 * Active (whichever @control is). Refuses trailing bytes, a capability
 * region that disagrees with lengthCombinedCapabilities and capability sets
 * shorter than their header. */
gboolean rdp_active_pdu_decode (const RdpShareControlPdu *control,
                                RdpActivePdu             *out_pdu,
                                GError                  **error);
/* Appends the whole Share Control PDU. Fails (RDP_ERROR_INVALID_DATA) when
 * it would not fit in 65535 bytes. */
gboolean rdp_active_pdu_write  (GByteArray         *out,
                                const RdpActivePdu *pdu,
                                GError            **error);

/* What a client needs to know of the server's capabilities. Each has_*
 * says the set was there; fields the set was too short to hold are 0
 * (pointer_cache_size, vc_chunk_size are optional in the spec). */
typedef struct {
  gboolean has_general;
  guint16 os_major_type;
  guint16 os_minor_type;
  guint16 extra_flags;
  gboolean refresh_rect_support;
  gboolean suppress_output_support;

  gboolean has_bitmap;
  guint16 preferred_bits_per_pixel;
  guint16 desktop_width;
  guint16 desktop_height;
  gboolean desktop_resize;
  guint8 drawing_flags;

  gboolean has_order;
  guint16 order_flags;
  guint8 order_support[32];
  guint16 order_support_ex_flags;

  gboolean has_pointer;
  gboolean color_pointer;
  guint16 color_pointer_cache_size;
  guint16 pointer_cache_size;

  gboolean has_input;
  guint16 input_flags;

  gboolean has_virtual_channel;
  guint32 vc_flags;
  guint32 vc_chunk_size;

  gboolean has_multifragment_update;
  guint32 max_request_size;

  gboolean has_large_pointer;
  guint16 large_pointer_flags;

  gboolean has_surface_commands;
  guint32 surface_command_flags;

  gboolean has_frame_acknowledge;
  guint32 max_unacknowledged_frames;

  GBytes *bitmap_codecs;
} RdpServerCapabilities;

void     rdp_server_capabilities_clear (RdpServerCapabilities *caps);
/* Parses the sets listed above out of @pdu (sets of other types are left
 * alone); fails when one of them is shorter than its fixed part. */
gboolean rdp_server_capabilities_parse (const RdpActivePdu     *pdu,
                                        RdpServerCapabilities  *out_caps,
                                        GError                **error);

/* The capability sets a client sends, field by field ([MS-RDPBCGR] 2.2.7);
 * padding is written as zeros. Which sets a client sends and with what
 * values is the connector's business (connector/rdp-connector-
 * capabilities.c); each rdp_active_pdu_add_*() appends one set to @pdu. */
typedef struct {
  guint16 os_major_type;
  guint16 os_minor_type;
  guint16 protocol_version;         /* TS_CAPS_PROTOCOLVERSION, 0x0200 */
  guint16 general_compression_types;
  guint16 extra_flags;
  guint16 update_capability_flag;
  guint16 remote_unshare_flag;
  guint16 general_compression_level;
  guint8 refresh_rect_support;
  guint8 suppress_output_support;
} RdpGeneralCapset;                 /* 2.2.7.1.1, 24 bytes */

typedef struct {
  guint16 preferred_bits_per_pixel;
  guint16 receive_1_bit_per_pixel;
  guint16 receive_4_bits_per_pixel;
  guint16 receive_8_bits_per_pixel;
  guint16 desktop_width;
  guint16 desktop_height;
  guint16 desktop_resize_flag;
  guint16 bitmap_compression_flag;
  guint8 high_color_flags;
  guint8 drawing_flags;
  guint16 multiple_rectangle_support;
} RdpBitmapCapset;                  /* 2.2.7.1.2, 28 bytes */

typedef struct {
  guint8 terminal_descriptor[16];
  guint16 desktop_save_x_granularity;
  guint16 desktop_save_y_granularity;
  guint16 maximum_order_level;
  guint16 number_fonts;
  guint16 order_flags;
  guint8 order_support[32];
  guint16 text_flags;
  guint16 order_support_ex_flags;
  guint32 desktop_save_size;
  guint16 text_ansi_code_page;
} RdpOrderCapset;                   /* 2.2.7.1.3, 88 bytes */

typedef struct {
  guint16 cache_entries[3];
  guint16 cache_maximum_cell_size[3];
} RdpBitmapCacheCapset;             /* 2.2.7.1.4.1 (revision 1), 40 bytes */

typedef struct {
  guint16 color_pointer_flag;
  guint16 color_pointer_cache_size;
  guint16 pointer_cache_size;
} RdpPointerCapset;                 /* 2.2.7.1.5, 10 bytes */

typedef struct {
  guint16 input_flags;
  guint32 keyboard_layout;
  guint32 keyboard_type;
  guint32 keyboard_subtype;
  guint32 keyboard_function_key;
  /* imeFileName: empty */
} RdpInputCapset;                   /* 2.2.7.1.6, 88 bytes */

typedef struct {
  guint32 brush_support_level;
} RdpBrushCapset;                   /* 2.2.7.1.7, 8 bytes */

typedef struct {
  guint16 cache_entries[10];
  guint16 cache_maximum_cell_size[10];
  guint32 frag_cache;
  guint16 glyph_support_level;
} RdpGlyphCacheCapset;              /* 2.2.7.1.8, 52 bytes */

typedef struct {
  guint32 support_level;
  guint16 cache_size;
  guint16 cache_entries;
} RdpOffscreenCacheCapset;          /* 2.2.7.1.9, 12 bytes */

typedef struct {
  guint32 flags;
  guint32 chunk_size;
} RdpVirtualChannelCapset;          /* 2.2.7.1.10, 12 bytes */

typedef struct {
  guint16 sound_flags;
} RdpSoundCapset;                   /* 2.2.7.1.11, 8 bytes */

/* Multifragment Update (2.2.7.2.6, 8 bytes): maxRequestSize. */
/* Large Pointer (2.2.7.2.7, 6 bytes): largePointerSupportFlags. */
/* Surface Commands (2.2.7.2.9, 12 bytes): cmdFlags. */

void     rdp_active_pdu_add_general            (RdpActivePdu                  *pdu,
                                                const RdpGeneralCapset        *set);
void     rdp_active_pdu_add_bitmap             (RdpActivePdu                  *pdu,
                                                const RdpBitmapCapset         *set);
void     rdp_active_pdu_add_order              (RdpActivePdu                  *pdu,
                                                const RdpOrderCapset          *set);
void     rdp_active_pdu_add_bitmap_cache       (RdpActivePdu                  *pdu,
                                                const RdpBitmapCacheCapset    *set);
void     rdp_active_pdu_add_pointer            (RdpActivePdu                  *pdu,
                                                const RdpPointerCapset        *set);
void     rdp_active_pdu_add_input              (RdpActivePdu                  *pdu,
                                                const RdpInputCapset          *set);
void     rdp_active_pdu_add_brush              (RdpActivePdu                  *pdu,
                                                const RdpBrushCapset          *set);
void     rdp_active_pdu_add_glyph_cache        (RdpActivePdu                  *pdu,
                                                const RdpGlyphCacheCapset     *set);
void     rdp_active_pdu_add_offscreen_cache    (RdpActivePdu                  *pdu,
                                                const RdpOffscreenCacheCapset *set);
void     rdp_active_pdu_add_virtual_channel    (RdpActivePdu                  *pdu,
                                                const RdpVirtualChannelCapset *set);
void     rdp_active_pdu_add_sound              (RdpActivePdu                  *pdu,
                                                const RdpSoundCapset          *set);
void     rdp_active_pdu_add_multifragment      (RdpActivePdu                  *pdu,
                                                guint32                        max_request_size);
void     rdp_active_pdu_add_large_pointer      (RdpActivePdu                  *pdu,
                                                guint16                        flags);
void     rdp_active_pdu_add_surface_commands   (RdpActivePdu                  *pdu,
                                                guint32                        cmd_flags);

const char *rdp_capset_type_to_string (guint16 type);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpActivePdu, rdp_active_pdu_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpServerCapabilities, rdp_server_capabilities_clear)

G_END_DECLS
