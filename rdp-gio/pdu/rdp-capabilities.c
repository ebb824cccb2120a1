/* rdp-capabilities.c: Demand Active / Confirm Active and capability sets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-capabilities-private.h"
#include "rdp-i18n-private.h"

#define CAPSET_HEADER_SIZE 4
/* A source descriptor is a short name ("RDP", "MSTSC"); refuse nonsense. */
#define MAX_SOURCE_DESCRIPTOR_SIZE 1024

static void
capability_set_clear (gpointer data)
{
  RdpCapabilitySet *set = data;

  g_clear_pointer (&set->data, g_bytes_unref);
}

static void
ensure_caps (RdpActivePdu *pdu)
{
  if (pdu->caps == NULL)
    {
      pdu->caps = g_array_new (FALSE, TRUE, sizeof (RdpCapabilitySet));
      g_array_set_clear_func (pdu->caps, capability_set_clear);
    }
}

void
rdp_active_pdu_clear (RdpActivePdu *pdu)
{
  g_clear_pointer (&pdu->source_descriptor, g_bytes_unref);
  g_clear_pointer (&pdu->caps, g_array_unref);
}

const RdpCapabilitySet *
rdp_active_pdu_find (const RdpActivePdu *pdu,
                     guint16             type)
{
  guint i;

  for (i = 0; pdu->caps && i < pdu->caps->len; i++)
    if (g_array_index (pdu->caps, RdpCapabilitySet, i).type == type)
      return &g_array_index (pdu->caps, RdpCapabilitySet, i);
  return NULL;
}

void
rdp_active_pdu_add (RdpActivePdu *pdu,
                    guint16       type,
                    GBytes       *data)
{
  RdpCapabilitySet set = { type, g_bytes_ref (data) };

  ensure_caps (pdu);
  g_array_append_val (pdu->caps, set);
}

gboolean
rdp_active_pdu_decode (const RdpShareControlPdu *control,
                       RdpActivePdu             *out_pdu,
                       GError                  **error)
{
  g_auto(RdpActivePdu) pdu = { 0 };
  RdpPduReader reader, region;
  guint16 source_length, combined_length, count, i;
  const guint8 *source;
  gboolean demand = control->type == RDP_SHARE_PDU_DEMAND_ACTIVE;

  if (!demand && control->type != RDP_SHARE_PDU_CONFIRM_ACTIVE)
    {
      rdp_pdu_set_invalid (error, _("expected a Demand Active or Confirm Active PDU, got Share Control PDU type %u"),
                           (guint) control->type);
      return FALSE;
    }
  pdu.pdu_type = control->type;
  pdu.source = control->source;
  rdp_pdu_reader_init (&reader, control->body, control->body_length);
  if (!rdp_pdu_reader_read_u32le (&reader, &pdu.share_id, error))
    return FALSE;
  if (!demand && !rdp_pdu_reader_read_u16le (&reader, &pdu.originator_id, error))
    return FALSE;
  if (!rdp_pdu_reader_read_u16le (&reader, &source_length, error) ||
      !rdp_pdu_reader_read_u16le (&reader, &combined_length, error))
    return FALSE;
  if (source_length > MAX_SOURCE_DESCRIPTOR_SIZE)
    {
      rdp_pdu_set_invalid (error, _("source descriptor of %u bytes"), (guint) source_length);
      return FALSE;
    }
  if (!rdp_pdu_reader_read_bytes (&reader, source_length, &source, error) ||
      !rdp_pdu_reader_sub (&reader, combined_length, &region, error) ||
      !rdp_pdu_reader_read_u16le (&region, &count, error) ||
      !rdp_pdu_reader_read_u16le (&region, &pdu.pad2, error))
    return FALSE;
  pdu.source_descriptor = g_bytes_new (source, source_length);

  ensure_caps (&pdu);
  for (i = 0; i < count; i++)
    {
      guint16 type, length;
      const guint8 *data;

      if (!rdp_pdu_reader_read_u16le (&region, &type, error) ||
          !rdp_pdu_reader_read_u16le (&region, &length, error))
        return FALSE;
      if (length < CAPSET_HEADER_SIZE)
        {
          rdp_pdu_set_invalid (error, _("capability set %u has a length of %u, shorter than its header"),
                               (guint) type, (guint) length);
          return FALSE;
        }
      if (!rdp_pdu_reader_read_bytes (&region, length - CAPSET_HEADER_SIZE, &data, error))
        return FALSE;
      {
        RdpCapabilitySet set = { type, g_bytes_new (data, length - CAPSET_HEADER_SIZE) };

        g_array_append_val (pdu.caps, set);
      }
    }
  if (!rdp_pdu_reader_expect_end (&region, "capability sets", error))
    return FALSE;

  if (demand && rdp_pdu_reader_remaining (&reader) > 0)
    {
      if (!rdp_pdu_reader_read_u32le (&reader, &pdu.session_id, error))
        return FALSE;
      pdu.has_session_id = TRUE;
    }
  if (!rdp_pdu_reader_expect_end (&reader, demand ? "Demand Active PDU" : "Confirm Active PDU", error))
    return FALSE;

  *out_pdu = pdu;
  memset (&pdu, 0, sizeof pdu);
  return TRUE;
}

gboolean
rdp_active_pdu_write (GByteArray         *out,
                      const RdpActivePdu *pdu,
                      GError            **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GByteArray) region = g_byte_array_new ();
  gsize source_length = pdu->source_descriptor ? g_bytes_get_size (pdu->source_descriptor) : 0;
  guint count = pdu->caps ? pdu->caps->len : 0, i;
  gboolean demand = pdu->pdu_type == RDP_SHARE_PDU_DEMAND_ACTIVE;

  if (!demand && pdu->pdu_type != RDP_SHARE_PDU_CONFIRM_ACTIVE)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode Share Control PDU type %u as a Demand/Confirm Active PDU"),
                           (guint) pdu->pdu_type);
      return FALSE;
    }
  if (count > G_MAXUINT16 || source_length > MAX_SOURCE_DESCRIPTOR_SIZE)
    goto too_long;

  rdp_pdu_write_u16le (region, (guint16) count);
  rdp_pdu_write_u16le (region, pdu->pad2);
  for (i = 0; i < count; i++)
    {
      const RdpCapabilitySet *set = &g_array_index (pdu->caps, RdpCapabilitySet, i);
      gsize size = set->data ? g_bytes_get_size (set->data) : 0;

      if (size > G_MAXUINT16 - CAPSET_HEADER_SIZE)
        goto too_long;
      rdp_pdu_write_u16le (region, set->type);
      rdp_pdu_write_u16le (region, (guint16) (size + CAPSET_HEADER_SIZE));
      if (size > 0)
        rdp_pdu_write_bytes (region, g_bytes_get_data (set->data, NULL), size);
      if (region->len > G_MAXUINT16)
        goto too_long;
    }

  rdp_pdu_write_u32le (body, pdu->share_id);
  if (!demand)
    rdp_pdu_write_u16le (body, pdu->originator_id);
  rdp_pdu_write_u16le (body, (guint16) source_length);
  rdp_pdu_write_u16le (body, (guint16) region->len);
  if (source_length > 0)
    rdp_pdu_write_bytes (body, g_bytes_get_data (pdu->source_descriptor, NULL), source_length);
  rdp_pdu_write_bytes (body, region->data, region->len);
  if (demand && pdu->has_session_id)
    rdp_pdu_write_u32le (body, pdu->session_id);
  if (body->len > G_MAXUINT16 - RDP_SHARE_CONTROL_HEADER_SIZE)
    goto too_long;

  rdp_share_control_write (out, pdu->pdu_type, pdu->source, body->data, body->len);
  return TRUE;

too_long:
  rdp_pdu_set_invalid (error, _("Cannot encode the capabilities: they do not fit in a Share Control PDU"));
  return FALSE;
}

/* ---- server capabilities ---- */

void
rdp_server_capabilities_clear (RdpServerCapabilities *caps)
{
  g_clear_pointer (&caps->bitmap_codecs, g_bytes_unref);
}

static gboolean
capset_too_short (guint16  type,
                  gsize    length,
                  gsize    needed,
                  GError **error)
{
  rdp_pdu_set_invalid (error, _("the %s capability set has %lu bytes, fewer than %lu"),
                       rdp_capset_type_to_string (type), (gulong) length + CAPSET_HEADER_SIZE,
                       (gulong) needed + CAPSET_HEADER_SIZE);
  return FALSE;
}

static guint16
u16_at (const guint8 *p,
        gsize         offset)
{
  return (guint16) (p[offset] | (p[offset + 1] << 8));
}

static guint32
u32_at (const guint8 *p,
        gsize         offset)
{
  return (guint32) p[offset] | ((guint32) p[offset + 1] << 8) |
    ((guint32) p[offset + 2] << 16) | ((guint32) p[offset + 3] << 24);
}

gboolean
rdp_server_capabilities_parse (const RdpActivePdu     *pdu,
                               RdpServerCapabilities  *out_caps,
                               GError                **error)
{
  g_auto(RdpServerCapabilities) caps = { 0 };
  guint i;

  for (i = 0; pdu->caps && i < pdu->caps->len; i++)
    {
      const RdpCapabilitySet *set = &g_array_index (pdu->caps, RdpCapabilitySet, i);
      gsize n;
      const guint8 *p = set->data ? g_bytes_get_data (set->data, &n) : NULL;

      if (p == NULL)
        n = 0;

      /* Offsets count from after the 4-byte set header. */
      switch (set->type)
        {
        case RDP_CAPSET_GENERAL:
          /* osMajorType … compressionLevel: 18 bytes; the two support bytes
           * came later. */
          if (n < 18)
            return capset_too_short (set->type, n, 18, error);
          caps.has_general = TRUE;
          caps.os_major_type = u16_at (p, 0);
          caps.os_minor_type = u16_at (p, 2);
          caps.extra_flags = u16_at (p, 10);
          caps.refresh_rect_support = n > 18 && p[18] != 0;
          caps.suppress_output_support = n > 19 && p[19] != 0;
          break;
        case RDP_CAPSET_BITMAP:
          if (n < 24)
            return capset_too_short (set->type, n, 24, error);
          caps.has_bitmap = TRUE;
          caps.preferred_bits_per_pixel = u16_at (p, 0);
          caps.desktop_width = u16_at (p, 8);
          caps.desktop_height = u16_at (p, 10);
          caps.desktop_resize = u16_at (p, 14) != 0;
          caps.drawing_flags = p[19];
          break;
        case RDP_CAPSET_ORDER:
          if (n < 84)
            return capset_too_short (set->type, n, 84, error);
          caps.has_order = TRUE;
          caps.order_flags = u16_at (p, 30);
          memcpy (caps.order_support, p + 32, sizeof caps.order_support);
          caps.order_support_ex_flags = u16_at (p, 66);
          break;
        case RDP_CAPSET_POINTER:
          if (n < 4)
            return capset_too_short (set->type, n, 4, error);
          caps.has_pointer = TRUE;
          caps.color_pointer = u16_at (p, 0) != 0;
          caps.color_pointer_cache_size = u16_at (p, 2);
          caps.pointer_cache_size = n >= 6 ? u16_at (p, 4) : 0;
          break;
        case RDP_CAPSET_INPUT:
          if (n < 2)
            return capset_too_short (set->type, n, 2, error);
          caps.has_input = TRUE;
          caps.input_flags = u16_at (p, 0);
          break;
        case RDP_CAPSET_VIRTUALCHANNEL:
          if (n < 4)
            return capset_too_short (set->type, n, 4, error);
          caps.has_virtual_channel = TRUE;
          caps.vc_flags = u32_at (p, 0);
          caps.vc_chunk_size = n >= 8 ? u32_at (p, 4) : 0;
          break;
        case RDP_CAPSET_MULTIFRAGMENTUPDATE:
          if (n < 4)
            return capset_too_short (set->type, n, 4, error);
          caps.has_multifragment_update = TRUE;
          caps.max_request_size = u32_at (p, 0);
          break;
        case RDP_CAPSET_LARGE_POINTER:
          if (n < 2)
            return capset_too_short (set->type, n, 2, error);
          caps.has_large_pointer = TRUE;
          caps.large_pointer_flags = u16_at (p, 0);
          break;
        case RDP_CAPSET_SURFACE_COMMANDS:
          if (n < 4)
            return capset_too_short (set->type, n, 4, error);
          caps.has_surface_commands = TRUE;
          caps.surface_command_flags = u32_at (p, 0);
          break;
        case RDP_CAPSET_FRAME_ACKNOWLEDGE:
          if (n < 4)
            return capset_too_short (set->type, n, 4, error);
          caps.has_frame_acknowledge = TRUE;
          caps.max_unacknowledged_frames = u32_at (p, 0);
          break;
        case RDP_CAPSET_BITMAP_CODECS:
          if (caps.bitmap_codecs == NULL)
            caps.bitmap_codecs = set->data ? g_bytes_ref (set->data) : g_bytes_new (NULL, 0);
          break;
        default:
          break;
        }
    }
  *out_caps = caps;
  memset (&caps, 0, sizeof caps);
  return TRUE;
}

/* ---- the capability sets a client sends ---- */

static GByteArray *
set_new (void)
{
  return g_byte_array_new ();
}

static void
add_set (RdpActivePdu *pdu,
         guint16       type,
         GByteArray   *data)
{
  RdpCapabilitySet set = { type, g_byte_array_free_to_bytes (data) };

  ensure_caps (pdu);
  g_array_append_val (pdu->caps, set);
}

void
rdp_active_pdu_add_general (RdpActivePdu           *pdu,
                            const RdpGeneralCapset *set)
{
  GByteArray *d = set_new ();

  rdp_pdu_write_u16le (d, set->os_major_type);
  rdp_pdu_write_u16le (d, set->os_minor_type);
  rdp_pdu_write_u16le (d, set->protocol_version);
  rdp_pdu_write_u16le (d, 0);        /* pad2octetsA */
  rdp_pdu_write_u16le (d, set->general_compression_types);
  rdp_pdu_write_u16le (d, set->extra_flags);
  rdp_pdu_write_u16le (d, set->update_capability_flag);
  rdp_pdu_write_u16le (d, set->remote_unshare_flag);
  rdp_pdu_write_u16le (d, set->general_compression_level);
  rdp_pdu_write_u8 (d, set->refresh_rect_support);
  rdp_pdu_write_u8 (d, set->suppress_output_support);
  add_set (pdu, RDP_CAPSET_GENERAL, d);
}

void
rdp_active_pdu_add_bitmap (RdpActivePdu          *pdu,
                           const RdpBitmapCapset *set)
{
  GByteArray *d = set_new ();

  rdp_pdu_write_u16le (d, set->preferred_bits_per_pixel);
  rdp_pdu_write_u16le (d, set->receive_1_bit_per_pixel);
  rdp_pdu_write_u16le (d, set->receive_4_bits_per_pixel);
  rdp_pdu_write_u16le (d, set->receive_8_bits_per_pixel);
  rdp_pdu_write_u16le (d, set->desktop_width);
  rdp_pdu_write_u16le (d, set->desktop_height);
  rdp_pdu_write_u16le (d, 0);        /* pad2octets */
  rdp_pdu_write_u16le (d, set->desktop_resize_flag);
  rdp_pdu_write_u16le (d, set->bitmap_compression_flag);
  rdp_pdu_write_u8 (d, set->high_color_flags);
  rdp_pdu_write_u8 (d, set->drawing_flags);
  rdp_pdu_write_u16le (d, set->multiple_rectangle_support);
  rdp_pdu_write_u16le (d, 0);        /* pad2octetsB */
  add_set (pdu, RDP_CAPSET_BITMAP, d);
}

void
rdp_active_pdu_add_order (RdpActivePdu         *pdu,
                          const RdpOrderCapset *set)
{
  GByteArray *d = set_new ();

  g_byte_array_append (d, set->terminal_descriptor, sizeof set->terminal_descriptor);
  rdp_pdu_write_u32le (d, 0);        /* pad4octetsA */
  rdp_pdu_write_u16le (d, set->desktop_save_x_granularity);
  rdp_pdu_write_u16le (d, set->desktop_save_y_granularity);
  rdp_pdu_write_u16le (d, 0);        /* pad2octetsA */
  rdp_pdu_write_u16le (d, set->maximum_order_level);
  rdp_pdu_write_u16le (d, set->number_fonts);
  rdp_pdu_write_u16le (d, set->order_flags);
  g_byte_array_append (d, set->order_support, sizeof set->order_support);
  rdp_pdu_write_u16le (d, set->text_flags);
  rdp_pdu_write_u16le (d, set->order_support_ex_flags);
  rdp_pdu_write_u32le (d, 0);        /* pad4octetsB */
  rdp_pdu_write_u32le (d, set->desktop_save_size);
  rdp_pdu_write_u16le (d, 0);        /* pad2octetsC */
  rdp_pdu_write_u16le (d, 0);        /* pad2octetsD */
  rdp_pdu_write_u16le (d, set->text_ansi_code_page);
  rdp_pdu_write_u16le (d, 0);        /* pad2octetsE */
  add_set (pdu, RDP_CAPSET_ORDER, d);
}

void
rdp_active_pdu_add_bitmap_cache (RdpActivePdu               *pdu,
                                 const RdpBitmapCacheCapset *set)
{
  GByteArray *d = set_new ();

  rdp_pdu_write_zeros (d, 24);       /* pad1 to pad6 */
  for (guint i = 0; i < 3; i++)
    {
      rdp_pdu_write_u16le (d, set->cache_entries[i]);
      rdp_pdu_write_u16le (d, set->cache_maximum_cell_size[i]);
    }
  add_set (pdu, RDP_CAPSET_BITMAPCACHE, d);
}

void
rdp_active_pdu_add_pointer (RdpActivePdu           *pdu,
                            const RdpPointerCapset *set)
{
  GByteArray *d = set_new ();

  rdp_pdu_write_u16le (d, set->color_pointer_flag);
  rdp_pdu_write_u16le (d, set->color_pointer_cache_size);
  rdp_pdu_write_u16le (d, set->pointer_cache_size);
  add_set (pdu, RDP_CAPSET_POINTER, d);
}

void
rdp_active_pdu_add_input (RdpActivePdu         *pdu,
                          const RdpInputCapset *set)
{
  GByteArray *d = set_new ();

  rdp_pdu_write_u16le (d, set->input_flags);
  rdp_pdu_write_u16le (d, 0);        /* pad2octetsA */
  rdp_pdu_write_u32le (d, set->keyboard_layout);
  rdp_pdu_write_u32le (d, set->keyboard_type);
  rdp_pdu_write_u32le (d, set->keyboard_subtype);
  rdp_pdu_write_u32le (d, set->keyboard_function_key);
  rdp_pdu_write_zeros (d, 64);       /* imeFileName */
  add_set (pdu, RDP_CAPSET_INPUT, d);
}

void
rdp_active_pdu_add_brush (RdpActivePdu         *pdu,
                          const RdpBrushCapset *set)
{
  GByteArray *d = set_new ();

  rdp_pdu_write_u32le (d, set->brush_support_level);
  add_set (pdu, RDP_CAPSET_BRUSH, d);
}

void
rdp_active_pdu_add_glyph_cache (RdpActivePdu              *pdu,
                                const RdpGlyphCacheCapset *set)
{
  GByteArray *d = set_new ();

  for (guint i = 0; i < 10; i++)
    {
      rdp_pdu_write_u16le (d, set->cache_entries[i]);
      rdp_pdu_write_u16le (d, set->cache_maximum_cell_size[i]);
    }
  rdp_pdu_write_u32le (d, set->frag_cache);
  rdp_pdu_write_u16le (d, set->glyph_support_level);
  rdp_pdu_write_u16le (d, 0);        /* pad2octets */
  add_set (pdu, RDP_CAPSET_GLYPHCACHE, d);
}

void
rdp_active_pdu_add_offscreen_cache (RdpActivePdu                  *pdu,
                                    const RdpOffscreenCacheCapset *set)
{
  GByteArray *d = set_new ();

  rdp_pdu_write_u32le (d, set->support_level);
  rdp_pdu_write_u16le (d, set->cache_size);
  rdp_pdu_write_u16le (d, set->cache_entries);
  add_set (pdu, RDP_CAPSET_OFFSCREENCACHE, d);
}

void
rdp_active_pdu_add_virtual_channel (RdpActivePdu                  *pdu,
                                    const RdpVirtualChannelCapset *set)
{
  GByteArray *d = set_new ();

  rdp_pdu_write_u32le (d, set->flags);
  rdp_pdu_write_u32le (d, set->chunk_size);
  add_set (pdu, RDP_CAPSET_VIRTUALCHANNEL, d);
}

void
rdp_active_pdu_add_sound (RdpActivePdu         *pdu,
                          const RdpSoundCapset *set)
{
  GByteArray *d = set_new ();

  rdp_pdu_write_u16le (d, set->sound_flags);
  rdp_pdu_write_u16le (d, 0);        /* pad2octetsA */
  add_set (pdu, RDP_CAPSET_SOUND, d);
}

void
rdp_active_pdu_add_multifragment (RdpActivePdu *pdu,
                                  guint32       max_request_size)
{
  GByteArray *d = set_new ();

  rdp_pdu_write_u32le (d, max_request_size);
  add_set (pdu, RDP_CAPSET_MULTIFRAGMENTUPDATE, d);
}

void
rdp_active_pdu_add_large_pointer (RdpActivePdu *pdu,
                                  guint16       flags)
{
  GByteArray *d = set_new ();

  rdp_pdu_write_u16le (d, flags);
  add_set (pdu, RDP_CAPSET_LARGE_POINTER, d);
}

void
rdp_active_pdu_add_surface_commands (RdpActivePdu *pdu,
                                     guint32       cmd_flags)
{
  GByteArray *d = set_new ();

  rdp_pdu_write_u32le (d, cmd_flags);
  rdp_pdu_write_u32le (d, 0);        /* reserved */
  add_set (pdu, RDP_CAPSET_SURFACE_COMMANDS, d);
}

const char *
rdp_capset_type_to_string (guint16 type)
{
  switch (type)
    {
    case RDP_CAPSET_GENERAL: return "General";
    case RDP_CAPSET_BITMAP: return "Bitmap";
    case RDP_CAPSET_ORDER: return "Order";
    case RDP_CAPSET_BITMAPCACHE: return "Bitmap Cache";
    case RDP_CAPSET_CONTROL: return "Control";
    case RDP_CAPSET_ACTIVATION: return "Window Activation";
    case RDP_CAPSET_POINTER: return "Pointer";
    case RDP_CAPSET_SHARE: return "Share";
    case RDP_CAPSET_COLORCACHE: return "Color Table Cache";
    case RDP_CAPSET_SOUND: return "Sound";
    case RDP_CAPSET_INPUT: return "Input";
    case RDP_CAPSET_FONT: return "Font";
    case RDP_CAPSET_BRUSH: return "Brush";
    case RDP_CAPSET_GLYPHCACHE: return "Glyph Cache";
    case RDP_CAPSET_OFFSCREENCACHE: return "Offscreen Bitmap Cache";
    case RDP_CAPSET_BITMAPCACHE_HOSTSUPPORT: return "Bitmap Cache Host Support";
    case RDP_CAPSET_BITMAPCACHE_REV2: return "Bitmap Cache Rev. 2";
    case RDP_CAPSET_VIRTUALCHANNEL: return "Virtual Channel";
    case RDP_CAPSET_DRAWNINEGRIDCACHE: return "DrawNineGrid Cache";
    case RDP_CAPSET_DRAWGDIPLUS: return "Draw GDI+";
    case RDP_CAPSET_RAIL: return "Remote Programs";
    case RDP_CAPSET_WINDOW: return "Window List";
    case RDP_CAPSET_COMPDESK: return "Desktop Composition";
    case RDP_CAPSET_MULTIFRAGMENTUPDATE: return "Multifragment Update";
    case RDP_CAPSET_LARGE_POINTER: return "Large Pointer";
    case RDP_CAPSET_SURFACE_COMMANDS: return "Surface Commands";
    case RDP_CAPSET_BITMAP_CODECS: return "Bitmap Codecs";
    case RDP_CAPSET_FRAME_ACKNOWLEDGE: return "Frame Acknowledge";
    default: return "unknown";
    }
}
