/* rdp-active-stage.c: the sans-I/O active stage
 *
 * It reads what the server sends once the connection is active — fast-path
 * output ([MS-RDPBCGR] 2.2.9.1.2) and slow-path Share Data PDUs (2.2.9.1.1)
 * — draws bitmap updates and surface commands into the framebuffer, keeps
 * the pointer, answers frame markers, and ends with the server's reason. It
 * never touches a stream: RdpSession (client/) moves the bytes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-active-stage-private.h"
#include "rdp-connection-result-private.h"
#include "rdp-capabilities-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"
#include "rdp-fastpath-private.h"
#include "rdp-mcs-private.h"
#include "rdp-share-private.h"
#include "rdp-update-private.h"
#include "rdp-pointer-private.h"
#include "rdp-cursor-private.h"
#include "rdp-interleaved-private.h"
#include "rdp-planar-private.h"
#include "rdp-nscodec-private.h"

/* TS_SHAREDATAHEADER pduType2 of the client's PDUs that rdp-share does not
 * list */
#define PDUTYPE2_FRAME_ACKNOWLEDGE 0x38
/* Refresh Rect and Suppress Output */
#define SUPPRESS_DISPLAY_UPDATES 0x00
#define ALLOW_DISPLAY_UPDATES    0x01

/* The client's pointer cache (its Pointer set asks for 25 entries); a
 * server index beyond it is an error. */
#define POINTER_CACHE_SIZE 25
/* The largest pointer: 384 × 384 (Large Pointer set, 2.2.7.2.7). */
#define POINTER_MAX_SIDE 384

struct _RdpActiveStage {
  RdpConnectionResult *result;
  RdpFramebuffer *framebuffer;

  guint32 palette[256];

  /* fast-path fragment reassembly */
  GByteArray *fragments;
  guint fragment_code;
  gboolean in_fragment;

  /* decoding space for one bitmap */
  guint8 *scratch;
  gsize scratch_size;

  RdpPointerShape *pointer_cache[POINTER_CACHE_SIZE];
  RdpPointerShape *pointer;      /* NULL: the default pointer */
  gboolean pointer_visible;
  guint pointer_x, pointer_y;
  RdpActiveStageChanges changes;

  guint32 error_info;

  /* what was drawn with what, for the debug log */
  guint n_uncompressed, n_interleaved, n_planar, n_raw_surface, n_nscodec;
};

RdpActiveStage *
rdp_active_stage_new (RdpConnectionResult *result,
                      RdpFramebuffer      *framebuffer,
                      GError             **error)
{
  RdpActiveStage *self;

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (RDP_IS_FRAMEBUFFER (framebuffer), NULL);

  if ((rdp_framebuffer_get_width (framebuffer) != result->desktop_width ||
       rdp_framebuffer_get_height (framebuffer) != result->desktop_height) &&
      !rdp_framebuffer_resize (framebuffer, result->desktop_width, result->desktop_height, error))
    return NULL;

  self = g_new0 (RdpActiveStage, 1);
  self->result = rdp_connection_result_ref (result);
  self->framebuffer = g_object_ref (framebuffer);
  self->fragments = g_byte_array_new ();
  self->pointer_visible = TRUE;
  for (guint i = 0; i < 256; i++)
    self->palette[i] = 0xff000000u;
  return self;
}

void
rdp_active_stage_free (RdpActiveStage *self)
{
  if (self == NULL)
    return;
  rdp_active_stage_log_stats (self);
  rdp_connection_result_unref (self->result);
  g_object_unref (self->framebuffer);
  g_byte_array_unref (self->fragments);
  g_free (self->scratch);
  for (guint i = 0; i < POINTER_CACHE_SIZE; i++)
    g_clear_object (&self->pointer_cache[i]);
  g_clear_object (&self->pointer);
  g_free (self);
}

/* ---- bitmaps ---- */

/* Room for a decoded @width × @height bitmap. A bitmap may be wider than
 * its destination (rows are padded to four pixels) but not larger than
 * the desktop and a tile's padding: that bounds what a server can make
 * the client allocate. */
static guint8 *
scratch_for (RdpActiveStage *self,
             guint           width,
             guint           height,
             GError        **error)
{
  guint fb_width = rdp_framebuffer_get_width (self->framebuffer);
  guint fb_height = rdp_framebuffer_get_height (self->framebuffer);
  gsize size;

  if (width == 0 || height == 0 ||
      (guint64) width * height > (guint64) (fb_width + 64) * (fb_height + 64))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("A bitmap of %u × %u pixels does not fit a desktop of %u × %u"),
                   width, height, fb_width, fb_height);
      return NULL;
    }
  size = (gsize) width * height * 4;
  if (size > self->scratch_size)
    {
      g_free (self->scratch);
      self->scratch = g_malloc (size);
      self->scratch_size = size;
    }
  return self->scratch;
}

/* Uncompressed 32 bpp: B, G, R, X, bottom-up (rows are a multiple of
 * four bytes already). */
static gboolean
copy_uncompressed_32 (const RdpBitmapData *bitmap,
                      guint8              *pixels,
                      gsize                stride,
                      GError             **error)
{
  gsize row_size = (gsize) bitmap->width * 4;

  if (bitmap->size / row_size < bitmap->height)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("An uncompressed bitmap of %u × %u at 32 bpp needs %lu bytes, got %lu"),
                   bitmap->width, bitmap->height, (gulong) (row_size * bitmap->height), (gulong) bitmap->size);
      return FALSE;
    }
  for (guint y = 0; y < bitmap->height; y++)
    {
      const guint8 *in = bitmap->data + (gsize) (bitmap->height - 1 - y) * row_size;
      guint32 *out = (guint32 *) (void *) (pixels + (gsize) y * stride);

      for (guint x = 0; x < bitmap->width; x++, in += 4)
        out[x] = 0xff000000u | ((guint32) in[2] << 16) | ((guint32) in[1] << 8) | in[0];
    }
  return TRUE;
}

static gboolean
draw_bitmap (RdpActiveStage      *self,
             const RdpBitmapData *bitmap,
             GError             **error)
{
  guint8 *pixels;
  gsize stride = (gsize) bitmap->width * 4;
  gboolean ok;

  if ((pixels = scratch_for (self, bitmap->width, bitmap->height, error)) == NULL)
    return FALSE;

  if (!bitmap->compressed)
    {
      self->n_uncompressed++;
      ok = bitmap->bpp == 32 ?
           copy_uncompressed_32 (bitmap, pixels, stride, error) :
           rdp_bitmap_copy_uncompressed (bitmap->data, bitmap->size, bitmap->width, bitmap->height,
                                         bitmap->bpp, self->palette, pixels, stride, error);
    }
  else if (bitmap->bpp == 32)
    {
      self->n_planar++;
      ok = rdp_planar_decompress (bitmap->data, bitmap->size, bitmap->width, bitmap->height,
                                  TRUE, TRUE, pixels, stride, error);
    }
  else
    {
      self->n_interleaved++;
      ok = rdp_interleaved_decompress (bitmap->data, bitmap->size, bitmap->width, bitmap->height,
                                       bitmap->bpp, self->palette, pixels, stride, error);
    }
  if (!ok)
    return FALSE;

  /* the destination rectangle is inclusive, and may be smaller than the
   * bitmap (its padding) */
  rdp_framebuffer_blit (self->framebuffer, bitmap->dest_left, bitmap->dest_top, pixels, stride,
                        MIN ((guint) bitmap->width, (guint) (bitmap->dest_right - bitmap->dest_left) + 1),
                        MIN ((guint) bitmap->height, (guint) (bitmap->dest_bottom - bitmap->dest_top) + 1));
  return TRUE;
}

static gboolean
process_bitmap_update (RdpActiveStage *self,
                       const guint8   *data,
                       gsize           size,
                       GError        **error)
{
  RdpBitmapIter iter;
  RdpBitmapData bitmap;
  GError *local_error = NULL;

  if (!rdp_bitmap_iter_init (&iter, data, size, error))
    return FALSE;
  while (rdp_bitmap_iter_next (&iter, &bitmap, &local_error))
    if (!draw_bitmap (self, &bitmap, error))
      return FALSE;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* ---- surface commands ---- */

static void
blit_bottom_up (RdpActiveStage *self,
                guint           x,
                guint           y,
                const guint8   *pixels,
                gsize           stride,
                guint           width,
                guint           height)
{
  rdp_framebuffer_blit (self->framebuffer, x, y, pixels + (gsize) (height - 1) * stride,
                        -(gssize) stride, width, height);
}

static gboolean
draw_surface_bits (RdpActiveStage          *self,
                   const RdpSurfaceCommand *cmd,
                   GError                 **error)
{
  gsize stride = (gsize) cmd->width * 4;
  guint8 *pixels;

  if ((pixels = scratch_for (self, cmd->width, cmd->height, error)) == NULL)
    return FALSE;

  switch (cmd->codec_id)
    {
    case RDP_CODEC_ID_NONE:
      /* raw 32-bit pixels (B, G, R, X), bottom-up as FreeRDP and Weston
       * send them */
      if (cmd->bpp != 32 || cmd->size < stride * cmd->height)
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                       _("Raw surface bits of %u × %u at %u bpp need %lu bytes, got %lu"),
                       cmd->width, cmd->height, cmd->bpp, (gulong) (stride * cmd->height), (gulong) cmd->size);
          return FALSE;
        }
      for (gsize i = 0; i < (gsize) cmd->width * cmd->height; i++)
        {
          const guint8 *p = cmd->data + 4 * i;
          ((guint32 *) pixels)[i] = 0xff000000u | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
        }
      blit_bottom_up (self, cmd->dest_left, cmd->dest_top, pixels, stride, cmd->width, cmd->height);
      self->n_raw_surface++;
      return TRUE;

    case RDP_CODEC_ID_NSCODEC:
      if (!rdp_nscodec_decode (cmd->data, cmd->size, cmd->width, cmd->height, TRUE,
                               pixels, stride, error))
        return FALSE;
      /* bottom-up too: FreeRDP's NSCodec encoder (nsc_compose_message,
       * used by Weston and FreeRDP's servers) writes the last row first,
       * and FreeRDP's client flips NSCodec surface bits vertically */
      blit_bottom_up (self, cmd->dest_left, cmd->dest_top, pixels, stride, cmd->width, cmd->height);
      self->n_nscodec++;
      return TRUE;

    default:
      g_set_error (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                   _("The server sent surface bits with codec %u, which the client did not offer"),
                   cmd->codec_id);
      return FALSE;
    }
}

static GBytes *
share_data_frame (RdpActiveStage *self,
                  guint8          pdu_type2,
                  const guint8   *payload,
                  gsize           length)
{
  g_autoptr(GBytes) body = g_bytes_new (payload, length);

  return rdp_share_data_frame (self->result->user_channel_id, self->result->io_channel_id,
                               self->result->share_id, pdu_type2, body, NULL);
}

static gboolean
process_surface_commands (RdpActiveStage *self,
                          const guint8   *data,
                          gsize           size,
                          GPtrArray      *responses,
                          GError        **error)
{
  RdpSurfaceCommandIter iter;
  RdpSurfaceCommand cmd;
  GError *local_error = NULL;

  rdp_surface_command_iter_init (&iter, data, size);
  while (rdp_surface_command_iter_next (&iter, &cmd, &local_error))
    {
      if (cmd.type == RDP_SURFCMD_FRAME_MARKER)
        {
          if (cmd.frame_action == RDP_SURFCMD_FRAMEACTION_END && self->result->frame_acknowledge)
            {
              guint8 ack[4] = { cmd.frame_id & 0xff, (cmd.frame_id >> 8) & 0xff,
                                (cmd.frame_id >> 16) & 0xff, cmd.frame_id >> 24 };
              GBytes *frame = share_data_frame (self, PDUTYPE2_FRAME_ACKNOWLEDGE, ack, sizeof ack);

              if (frame != NULL)
                g_ptr_array_add (responses, frame);
            }
        }
      else if (!draw_surface_bits (self, &cmd, error))
        return FALSE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* ---- pointer ---- */

static void
set_pointer (RdpActiveStage  *self,
             RdpPointerShape *shape,
             gboolean         visible)
{
  if (self->pointer != shape)
    g_set_object (&self->pointer, shape);
  self->pointer_visible = visible;
  self->changes |= RDP_ACTIVE_STAGE_POINTER_CHANGED;
}

static gboolean
process_pointer (RdpActiveStage         *self,
                 const RdpPointerUpdate *update,
                 GError                **error)
{
  switch (update->kind)
    {
    case RDP_POINTER_UPDATE_SYSTEM_HIDDEN:
      set_pointer (self, self->pointer, FALSE);
      return TRUE;

    case RDP_POINTER_UPDATE_SYSTEM_DEFAULT:
      set_pointer (self, NULL, TRUE);
      return TRUE;

    case RDP_POINTER_UPDATE_POSITION:
      self->pointer_x = update->x;
      self->pointer_y = update->y;
      self->changes |= RDP_ACTIVE_STAGE_POINTER_MOVED;
      return TRUE;

    case RDP_POINTER_UPDATE_CACHED:
      if (update->cache_index >= POINTER_CACHE_SIZE || self->pointer_cache[update->cache_index] == NULL)
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                       _("The server asked for cached pointer %u, which it never sent"),
                       update->cache_index);
          return FALSE;
        }
      set_pointer (self, self->pointer_cache[update->cache_index], TRUE);
      return TRUE;

    case RDP_POINTER_UPDATE_COLOR:
    case RDP_POINTER_UPDATE_NEW:
    case RDP_POINTER_UPDATE_LARGE:
      {
        g_autoptr(RdpPointerShape) shape = NULL;
        gsize n = (gsize) update->width * update->height;
        guint32 *argb;

        if (update->cache_index >= POINTER_CACHE_SIZE)
          {
            g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                         _("The server sent pointer %u for a cache of %u"),
                         update->cache_index, POINTER_CACHE_SIZE);
            return FALSE;
          }
        if (update->width > POINTER_MAX_SIDE || update->height > POINTER_MAX_SIDE)
          {
            g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                         _("The server sent a pointer of %u × %u pixels"),
                         update->width, update->height);
            return FALSE;
          }
        if (n == 0)
          {
            /* an empty pointer: hidden (FreeRDP's servers do so) */
            set_pointer (self, self->pointer, FALSE);
            return TRUE;
          }
        argb = g_new (guint32, n);
        if (!rdp_cursor_decode (update, self->palette, argb, error))
          {
            g_free (argb);
            return FALSE;
          }
        shape = rdp_pointer_shape_new (update->width, update->height,
                                       MIN (update->hotspot_x, update->width - 1),
                                       MIN (update->hotspot_y, update->height - 1),
                                       g_bytes_new_take (argb, n * 4));
        g_set_object (&self->pointer_cache[update->cache_index], shape);
        set_pointer (self, shape, TRUE);
        return TRUE;
      }

    default:
      return TRUE;
    }
}

/* ---- fast-path ---- */

static gboolean
process_fastpath_update (RdpActiveStage *self,
                         guint           code,
                         const guint8   *data,
                         gsize           size,
                         GPtrArray      *responses,
                         GError        **error)
{
  RdpPointerUpdate pointer;

  switch (code)
    {
    case RDP_FASTPATH_UPDATE_BITMAP:
      return process_bitmap_update (self, data, size, error);
    case RDP_FASTPATH_UPDATE_PALETTE:
      return rdp_palette_update_parse (data, size, self->palette, error);
    case RDP_FASTPATH_UPDATE_SURFCMDS:
      return process_surface_commands (self, data, size, responses, error);
    case RDP_FASTPATH_UPDATE_SYNCHRONIZE:
      return TRUE;
    case RDP_FASTPATH_UPDATE_PTR_NULL:
    case RDP_FASTPATH_UPDATE_PTR_DEFAULT:
    case RDP_FASTPATH_UPDATE_PTR_POSITION:
    case RDP_FASTPATH_UPDATE_COLOR:
    case RDP_FASTPATH_UPDATE_CACHED:
    case RDP_FASTPATH_UPDATE_POINTER:
    case RDP_FASTPATH_UPDATE_LARGE_POINTER:
      return rdp_pointer_update_parse_fast_path (code, data, size, &pointer, error) &&
             process_pointer (self, &pointer, error);
    case RDP_FASTPATH_UPDATE_ORDERS:
    default:
      /* the client offers no drawing orders; anything else is not for it */
      g_debug ("active stage: ignoring fast-path %s update (%u), %" G_GSIZE_FORMAT " bytes",
               rdp_fastpath_update_code_to_string (code), code, size);
      return TRUE;
    }
}

static gboolean
process_fastpath (RdpActiveStage *self,
                  const guint8   *data,
                  gsize           size,
                  GPtrArray      *responses,
                  GError        **error)
{
  RdpFastpathIter iter;
  RdpFastpathUpdate update;
  GError *local_error = NULL;

  if (!rdp_fastpath_iter_init (&iter, data, size, error))
    return FALSE;
  while (rdp_fastpath_iter_next (&iter, &update, &local_error))
    {
      if (update.compressed)
        {
          g_set_error_literal (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                               _("The server sent a compressed update, which the client did not offer"));
          return FALSE;
        }
      switch (update.fragmentation)
        {
        case RDP_FASTPATH_FRAGMENT_SINGLE:
          if (self->in_fragment)
            goto bad_fragment;
          if (!process_fastpath_update (self, update.code, update.data, update.size, responses, error))
            return FALSE;
          break;

        case RDP_FASTPATH_FRAGMENT_FIRST:
          if (self->in_fragment)
            goto bad_fragment;
          self->in_fragment = TRUE;
          self->fragment_code = update.code;
          g_byte_array_set_size (self->fragments, 0);
          g_byte_array_append (self->fragments, update.data, update.size);
          break;

        case RDP_FASTPATH_FRAGMENT_NEXT:
        case RDP_FASTPATH_FRAGMENT_LAST:
          if (!self->in_fragment || update.code != self->fragment_code)
            goto bad_fragment;
          if (self->fragments->len + update.size > RDP_ACTIVE_STAGE_MAX_REASSEMBLY)
            {
              g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                           _("A fragmented update grows beyond %u bytes"),
                           (guint) RDP_ACTIVE_STAGE_MAX_REASSEMBLY);
              return FALSE;
            }
          g_byte_array_append (self->fragments, update.data, update.size);
          if (update.fragmentation == RDP_FASTPATH_FRAGMENT_LAST)
            {
              gboolean ok;

              self->in_fragment = FALSE;
              ok = process_fastpath_update (self, update.code, self->fragments->data,
                                            self->fragments->len, responses, error);
              g_byte_array_set_size (self->fragments, 0);
              if (!ok)
                return FALSE;
            }
          break;
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;

bad_fragment:
  g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
               _("Fast-path update fragments out of order (%s, fragmentation %u)"),
               rdp_fastpath_update_code_to_string (update.code), (guint) update.fragmentation);
  return FALSE;
}

/* ---- slow-path ---- */

static GError *
error_info_error (guint32 code)
{
  g_autofree char *text = rdp_error_info_to_string (code);

  return g_error_new_literal (RDP_ERROR, RDP_ERROR_DISCONNECTED, text);
}

static gboolean
process_share_data (RdpActiveStage           *self,
                    const RdpShareControlPdu *share,
                    GPtrArray                *responses,
                    GError                  **error)
{
  RdpShareDataHeader header;
  RdpPduReader payload;
  const guint8 *data;
  gsize size;

  if (!rdp_share_data_read (share, &header, &payload, error))
    return FALSE;
  if (header.compressed_type & RDP_SHARE_PACKET_COMPRESSED)
    {
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                           _("The server sent a compressed update, which the client did not offer"));
      return FALSE;
    }
  data = rdp_pdu_reader_peek_ptr (&payload);
  size = rdp_pdu_reader_remaining (&payload);

  switch (header.pdu_type2)
    {
    case RDP_SHARE_DATA_UPDATE:
      {
        guint16 update_type;

        if (!rdp_pdu_reader_read_u16le (&payload, &update_type, error))
          return FALSE;
        switch (update_type)
          {
          case RDP_UPDATE_TYPE_BITMAP:
            return process_bitmap_update (self, data, size, error);
          case RDP_UPDATE_TYPE_PALETTE:
            return rdp_palette_update_parse (data, size, self->palette, error);
          default:
            g_debug ("active stage: ignoring slow-path update type %u", update_type);
            return TRUE;
          }
      }

    case RDP_SHARE_DATA_POINTER:
      {
        RdpPointerUpdate pointer;

        return rdp_pointer_update_parse_slow_path (data, size, &pointer, error) &&
               process_pointer (self, &pointer, error);
      }

    case RDP_SHARE_DATA_SET_ERROR_INFO:
      {
        guint32 info;

        if (!rdp_share_read_set_error_info (&payload, &info, error))
          return FALSE;
        g_debug ("active stage: Set Error Info 0x%08x", (guint) info);
        self->error_info = info;
        return TRUE;
      }

    case RDP_SHARE_DATA_SAVE_SESSION_INFO:
      {
        RdpShareSaveSessionInfo info;

        /* the logon notification (and the auto-reconnect cookie, which
         * the client does not use yet) */
        if (!rdp_share_read_save_session_info (&payload, &info, error))
          return FALSE;
        g_debug ("active stage: Save Session Info, type %u", (guint) info.info_type);
        return TRUE;
      }

    default:
      g_debug ("active stage: ignoring %s (%u)", rdp_share_data_type_to_string (header.pdu_type2),
               header.pdu_type2);
      return TRUE;
    }
}

static RdpActiveStageStatus
process_slow_path (RdpActiveStage *self,
                   GBytes         *pdu,
                   GPtrArray      *responses,
                   GError        **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (pdu, &size);
  RdpMcsDomainPdu mcs;
  RdpShareIter iter;
  RdpShareControlPdu share;
  GError *local_error = NULL;

  if (!rdp_mcs_decode_domain_pdu (data, size, &mcs, error))
    return RDP_ACTIVE_STAGE_TERMINATE;

  if (mcs.type == RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM)
    {
      if (self->error_info != 0)
        g_propagate_error (error, error_info_error (self->error_info));
      else
        g_set_error (error, RDP_ERROR, RDP_ERROR_DISCONNECTED,
                     _("The server ended the session (MCS Disconnect Provider Ultimatum: %s)"),
                     rdp_mcs_reason_to_string (mcs.reason));
      return RDP_ACTIVE_STAGE_TERMINATE;
    }
  if (mcs.type != RDP_MCS_SEND_DATA_INDICATION)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
                   _("Expected an MCS Send Data Indication, got MCS PDU type %u"), (guint) mcs.type);
      return RDP_ACTIVE_STAGE_TERMINATE;
    }
  if (mcs.channel_id != self->result->io_channel_id)
    {
      /* a static virtual channel: none is handled yet */
      g_debug ("active stage: ignoring %" G_GSIZE_FORMAT " bytes on channel %u",
               mcs.user_data_length, mcs.channel_id);
      return RDP_ACTIVE_STAGE_CONTINUE;
    }

  rdp_share_iter_init (&iter, mcs.user_data, mcs.user_data_length);
  while (rdp_share_iter_next (&iter, &share, &local_error))
    {
      switch (share.type)
        {
        case RDP_SHARE_PDU_DEACTIVATE_ALL:
          return RDP_ACTIVE_STAGE_DEACTIVATE_ALL;
        case RDP_SHARE_PDU_DATA:
          if (!process_share_data (self, &share, responses, error))
            return RDP_ACTIVE_STAGE_TERMINATE;
          break;
        default:
          g_debug ("active stage: ignoring Share Control PDU type %u", (guint) share.type);
          break;
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return RDP_ACTIVE_STAGE_TERMINATE;
    }
  return RDP_ACTIVE_STAGE_CONTINUE;
}

RdpActiveStageStatus
rdp_active_stage_process (RdpActiveStage *self,
                          GBytes         *pdu,
                          GPtrArray      *responses,
                          GError        **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (pdu, &size);

  g_return_val_if_fail (self != NULL, RDP_ACTIVE_STAGE_TERMINATE);
  g_return_val_if_fail (error == NULL || *error == NULL, RDP_ACTIVE_STAGE_TERMINATE);

  if (size == 0)
    {
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA, _("An empty PDU"));
      return RDP_ACTIVE_STAGE_TERMINATE;
    }
  if ((data[0] & 0x3) == 0)
    return process_fastpath (self, data, size, responses, error) ?
           RDP_ACTIVE_STAGE_CONTINUE : RDP_ACTIVE_STAGE_TERMINATE;
  return process_slow_path (self, pdu, responses, error);
}

void
rdp_active_stage_log_stats (RdpActiveStage *self)
{
  g_debug ("active stage: drew %u uncompressed, %u interleaved, %u planar bitmaps, "
           "%u raw and %u NSCodec surface bits",
           self->n_uncompressed, self->n_interleaved, self->n_planar,
           self->n_raw_surface, self->n_nscodec);
}

RdpActiveStageChanges
rdp_active_stage_take_changes (RdpActiveStage *self)
{
  RdpActiveStageChanges changes = self->changes;

  self->changes = 0;
  return changes;
}

RdpPointerShape *
rdp_active_stage_get_pointer_shape (RdpActiveStage *self)
{
  return self->pointer;
}

gboolean
rdp_active_stage_get_pointer_visible (RdpActiveStage *self)
{
  return self->pointer_visible;
}

void
rdp_active_stage_get_pointer_position (RdpActiveStage *self,
                                       guint          *x,
                                       guint          *y)
{
  *x = self->pointer_x;
  *y = self->pointer_y;
}

GError *
rdp_active_stage_close_reason (RdpActiveStage *self,
                               const GError   *io_error)
{
  if (self->error_info != 0)
    return error_info_error (self->error_info);
  return g_error_copy (io_error);
}

/* ---- client to server ---- */

GBytes *
rdp_active_stage_encode_input (RdpActiveStage      *self,
                               const RdpInputEvent *events,
                               guint                n_events)
{
  g_autoptr(GBytes) body = NULL;

  if (self->result->input_flags & (RDP_INPUT_FLAG_FASTPATH_INPUT | RDP_INPUT_FLAG_FASTPATH_INPUT2))
    return rdp_input_encode_fast_path (events, n_events);
  body = rdp_input_encode_slow_path (events, n_events);
  return share_data_frame (self, RDP_SHARE_DATA_INPUT, g_bytes_get_data (body, NULL),
                           g_bytes_get_size (body));
}

GBytes *
rdp_active_stage_encode_refresh_rect (RdpActiveStage *self,
                                      const RdpRect  *rect)
{
  guint16 left = rect->x, top = rect->y;
  guint16 right = rect->x + rect->width - 1, bottom = rect->y + rect->height - 1;
  const guint8 payload[12] = {
    1, 0, 0, 0,                      /* numberOfAreas, pad3Octets */
    left & 0xff, left >> 8, top & 0xff, top >> 8,
    right & 0xff, right >> 8, bottom & 0xff, bottom >> 8,  /* inclusive */
  };

  return share_data_frame (self, RDP_SHARE_DATA_REFRESH_RECT, payload, sizeof payload);
}

GBytes *
rdp_active_stage_encode_suppress_output (RdpActiveStage *self,
                                         gboolean        suppress)
{
  guint fb_width = rdp_framebuffer_get_width (self->framebuffer);
  guint fb_height = rdp_framebuffer_get_height (self->framebuffer);
  guint16 right = fb_width - 1, bottom = fb_height - 1;
  const guint8 allow[12] = {
    ALLOW_DISPLAY_UPDATES, 0, 0, 0,
    0, 0, 0, 0, right & 0xff, right >> 8, bottom & 0xff, bottom >> 8,
  };
  const guint8 deny[4] = { SUPPRESS_DISPLAY_UPDATES, 0, 0, 0 };

  if (!self->result->suppress_output)
    return NULL;
  return suppress ? share_data_frame (self, RDP_SHARE_DATA_SUPPRESS_OUTPUT, deny, sizeof deny)
                  : share_data_frame (self, RDP_SHARE_DATA_SUPPRESS_OUTPUT, allow, sizeof allow);
}

GBytes *
rdp_active_stage_encode_disconnect (RdpActiveStage *self)
{
  RdpMcsDomainPdu pdu = {
    .type = RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM,
    .reason = RDP_MCS_REASON_USER_REQUESTED,
  };

  return rdp_mcs_encode_domain_pdu (&pdu, NULL);
}
