/* rdp-connector-capabilities.c: what the client advertises in its Confirm
 * Active ([MS-RDPBCGR] 2.2.1.13.2, 2.2.7): the capability policy. The
 * codec (pdu/rdp-capabilities.c) only lays the sets out; which sets go and
 * with which values is decided here, and the active stage will change it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-connector-state-private.h"
#include "rdp-update-private.h"

/* The Confirm Active's sourceDescriptor, with its NUL. */
#define CLIENT_SOURCE_DESCRIPTOR "RDPGIO"

/* What the client can take, whatever the server offers. */
#define CLIENT_EXTRA_FLAGS (RDP_FASTPATH_OUTPUT_SUPPORTED | RDP_NO_BITMAP_COMPRESSION_HDR | \
                            RDP_LONG_CREDENTIALS_SUPPORTED | RDP_AUTORECONNECT_SUPPORTED)
#define CLIENT_INPUT_FLAGS (RDP_INPUT_FLAG_SCANCODES | RDP_INPUT_FLAG_MOUSEX | \
                            RDP_INPUT_FLAG_FASTPATH_INPUT | RDP_INPUT_FLAG_UNICODE | \
                            RDP_INPUT_FLAG_FASTPATH_INPUT2 | RDP_INPUT_FLAG_MOUSE_HWHEEL)
#define CLIENT_SURFACE_COMMANDS (RDP_SURFCMDS_SET_SURFACE_BITS | RDP_SURFCMDS_FRAME_MARKER | \
                                 RDP_SURFCMDS_STREAM_SURFACE_BITS)
#define CLIENT_MAX_REQUEST_SIZE (8 * 1024 * 1024)
#define CLIENT_POINTER_CACHE_SIZE 25
#define CLIENT_VC_CHUNK_SIZE 1600         /* CHANNEL_CHUNK_LENGTH */
/* Frame Acknowledge: how many frames the server may send ahead of the
 * client's acknowledgements (session/ acknowledges every frame end). */
#define CLIENT_MAX_UNACKNOWLEDGED_FRAMES 2
/* DRAW_ALLOW_SKIP_ALPHA: planar bitmaps may come without an alpha plane */
#define CLIENT_DRAWING_FLAGS 0x08

/* The Bitmap Codecs set ([MS-RDPBCGR] 2.2.7.2.10): exactly the codecs
 * session/ decodes besides the bitmap updates' own (interleaved, planar):
 * NSCodec ([MS-RDPNSC] 2.2.1, CODEC_GUID_NSCODEC) as codec id 1
 * (RDP_CODEC_ID_NSCODEC), with dynamic fidelity, chroma subsampling and
 * colour loss level 3; sent only when RdpSettings:bitmap-codecs has it
 * (without a codec the set is left out: Weston then sends raw surface
 * bits). */
static GBytes *
client_bitmap_codecs (void)
{
  static const guint8 set[] = {
    1,                                   /* bitmapCodecCount */
    0xb9, 0x1b, 0x8d, 0xca, 0x0f, 0x00, 0x4f, 0x15,
    0x58, 0x9f, 0xae, 0x2d, 0x1a, 0x87, 0xe2, 0xd6,   /* CODEC_GUID_NSCODEC */
    RDP_CODEC_ID_NSCODEC,                /* codecID */
    3, 0,                                /* codecPropertiesLength */
    1, 1, 3,                             /* fAllowDynamicFidelity, fAllowSubsampling, colorLossLevel */
  };
  return g_bytes_new_static (set, sizeof set);
}

/* The sets, in the order they are sent: General (fast-path output, no
 * bitmap compression header, long credentials, auto-reconnect), Bitmap
 * (the size and depth the server settled on, desktop resize), Order (no
 * drawing orders at all), Bitmap Cache rev. 1 (no caches), Pointer
 * (25/25), Input (scancodes, Unicode, horizontal wheel, extended buttons,
 * fast-path input), Brush (default), Glyph Cache (none), Offscreen Bitmap
 * Cache (none), Virtual Channel (no compression, 1600-byte chunks), Sound
 * (no beeps), Multifragment Update (8 MiB), Large Pointer (96x96), Surface
 * Commands (Set/Stream Surface Bits, Frame Marker), Bitmap Codecs
 * (NSCodec, unless the settings turn it off), Frame Acknowledge (2
 * frames). */
void
rdp_connector_init_confirm_active (RdpConnector              *self,
                                   const RdpActivePdu        *demand,
                                   const RdpConnectionResult *result,
                                   RdpActivePdu              *out_confirm)
{
  static const char source[] = CLIENT_SOURCE_DESCRIPTOR;
  RdpConnectorConfig *s = self->config;
  RdpGeneralCapset general = {
    .os_major_type = 4,              /* OSMAJORTYPE_UNIX */
    .os_minor_type = 0,              /* unspecified */
    .protocol_version = 0x0200,      /* TS_CAPS_PROTOCOLVERSION */
    .extra_flags = CLIENT_EXTRA_FLAGS,
  };
  RdpBitmapCapset bitmap = {
    .preferred_bits_per_pixel = result->color_depth,
    .receive_1_bit_per_pixel = 1,
    .receive_4_bits_per_pixel = 1,
    .receive_8_bits_per_pixel = 1,
    .desktop_width = result->desktop_width,
    .desktop_height = result->desktop_height,
    .desktop_resize_flag = 1,
    .bitmap_compression_flag = 1,    /* MUST be 1 */
    .multiple_rectangle_support = 1,
    .drawing_flags = CLIENT_DRAWING_FLAGS,
  };
  RdpOrderCapset order = {
    .desktop_save_x_granularity = 1,
    .desktop_save_y_granularity = 20,
    .maximum_order_level = 1,        /* ORD_LEVEL_1_ORDERS */
    .order_flags = 0x0002 | 0x0008,  /* NEGOTIATEORDERSUPPORT | ZEROBOUNDSDELTASSUPPORT */
  };
  RdpBitmapCacheCapset bitmap_cache = { { 0 } };
  RdpPointerCapset pointer = {
    .color_pointer_flag = 1,
    .color_pointer_cache_size = CLIENT_POINTER_CACHE_SIZE,
    .pointer_cache_size = CLIENT_POINTER_CACHE_SIZE,
  };
  RdpInputCapset input = {
    .input_flags = CLIENT_INPUT_FLAGS,
    .keyboard_layout = s->keyboard_layout,
    .keyboard_type = s->keyboard_type,
    .keyboard_subtype = s->keyboard_subtype,
    .keyboard_function_key = s->keyboard_function_keys,
  };
  RdpBrushCapset brush = { 0 };      /* BRUSH_DEFAULT */
  RdpGlyphCacheCapset glyph_cache = { { 0 } };   /* GLYPH_SUPPORT_NONE */
  RdpOffscreenCacheCapset offscreen = { 0 };
  RdpVirtualChannelCapset virtual_channel = { .flags = 0, .chunk_size = CLIENT_VC_CHUNK_SIZE };
  RdpSoundCapset sound = { 0 };
  g_autoptr(GBytes) codecs = NULL;
  g_autoptr(GBytes) frame_ack = NULL;
  const guint8 frame_ack_data[4] = { CLIENT_MAX_UNACKNOWLEDGED_FRAMES, 0, 0, 0 };

  memset (out_confirm, 0, sizeof *out_confirm);
  out_confirm->pdu_type = RDP_SHARE_PDU_CONFIRM_ACTIVE;
  out_confirm->source = self->user_channel_id;
  out_confirm->share_id = demand->share_id;
  out_confirm->originator_id = demand->source;
  out_confirm->source_descriptor = g_bytes_new_static (source, sizeof source);

  rdp_active_pdu_add_general (out_confirm, &general);
  rdp_active_pdu_add_bitmap (out_confirm, &bitmap);
  rdp_active_pdu_add_order (out_confirm, &order);
  rdp_active_pdu_add_bitmap_cache (out_confirm, &bitmap_cache);
  rdp_active_pdu_add_pointer (out_confirm, &pointer);
  rdp_active_pdu_add_input (out_confirm, &input);
  rdp_active_pdu_add_brush (out_confirm, &brush);
  rdp_active_pdu_add_glyph_cache (out_confirm, &glyph_cache);
  rdp_active_pdu_add_offscreen_cache (out_confirm, &offscreen);
  rdp_active_pdu_add_virtual_channel (out_confirm, &virtual_channel);
  rdp_active_pdu_add_sound (out_confirm, &sound);
  rdp_active_pdu_add_multifragment (out_confirm, CLIENT_MAX_REQUEST_SIZE);
  rdp_active_pdu_add_large_pointer (out_confirm, RDP_LARGE_POINTER_FLAG_96x96);
  rdp_active_pdu_add_surface_commands (out_confirm, CLIENT_SURFACE_COMMANDS);
  if (s->bitmap_codecs & RDP_BITMAP_CODECS_NSCODEC)
    {
      codecs = client_bitmap_codecs ();
      rdp_active_pdu_add (out_confirm, RDP_CAPSET_BITMAP_CODECS, codecs);
    }
  frame_ack = g_bytes_new (frame_ack_data, sizeof frame_ack_data);
  rdp_active_pdu_add (out_confirm, RDP_CAPSET_FRAME_ACKNOWLEDGE, frame_ack);
}
