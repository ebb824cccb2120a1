/* test-session.c: the sans-I/O active stage (session/rdp-active-stage.c),
 * its codecs (pdu/rdp-fastpath.c, pdu/rdp-update.c) and RdpFramebuffer,
 * fed PDUs laid out by hand from [MS-RDPBCGR] 2.2.9
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-active-stage-private.h"
#include "rdp-connection-result-private.h"
#include "rdp-fastpath-private.h"
#include "rdp-mcs-private.h"
#include "rdp-share-private.h"
#include "rdp-update-private.h"
#include "rdp-test-codec.h"

#define USER_CHANNEL 1007
#define IO_CHANNEL 1003
#define SHARE_ID 0x000103ea

static RdpConnectionResult *
make_result (guint width,
             guint height)
{
  RdpConnectionResult *result = rdp_connection_result_new ();

  result->io_channel_id = IO_CHANNEL;
  result->user_channel_id = USER_CHANNEL;
  result->share_id = SHARE_ID;
  result->desktop_width = width;
  result->desktop_height = height;
  result->color_depth = 32;
  result->fast_path_output = TRUE;
  result->input_flags = 0x0020 | 0x0001;   /* FASTPATH_INPUT2, SCANCODES */
  result->suppress_output = TRUE;
  return result;
}

typedef struct {
  RdpConnectionResult *result;
  RdpFramebuffer *fb;
  RdpActiveStage *stage;
  GPtrArray *responses;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->result = make_result (64, 48);
  f->fb = rdp_framebuffer_new (64, 48, &error);
  g_assert_no_error (error);
  f->stage = rdp_active_stage_new (f->result, f->fb, &error);
  g_assert_no_error (error);
  f->responses = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  rdp_active_stage_free (f->stage);
  g_object_unref (f->fb);
  rdp_connection_result_unref (f->result);
  g_ptr_array_unref (f->responses);
}

static void
put_u16 (GByteArray *out,
         guint16     v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };

  g_byte_array_append (out, b, 2);
}

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  put_u16 (out, v & 0xffff);
  put_u16 (out, v >> 16);
}

/* TS_SURFCMD_SET_SURF_BITS with raw 32-bit pixels, bottom-up, each pixel
 * 0x00RRGGBB = pixel (x, y) of the image (top-down) is x + 16 * y + base. */
static GByteArray *
raw_surface_bits (guint  x,
                  guint  y,
                  guint  width,
                  guint  height,
                  guint32 base)
{
  GByteArray *out = g_byte_array_new ();

  put_u16 (out, RDP_SURFCMD_SET_SURFACE_BITS);
  put_u16 (out, x);
  put_u16 (out, y);
  put_u16 (out, x + width);
  put_u16 (out, y + height);
  g_byte_array_append (out, (guint8[]) { 32, 0, 0, RDP_CODEC_ID_NONE }, 4);
  put_u16 (out, width);
  put_u16 (out, height);
  put_u32 (out, width * height * 4);
  for (guint row = height; row-- > 0;)
    for (guint col = 0; col < width; col++)
      put_u32 (out, base + col + 16 * row);
  return out;
}

static GBytes *
fastpath_pdu (RdpFastpathUpdateCode    code,
              RdpFastpathFragmentation fragmentation,
              const guint8            *data,
              gsize                    size)
{
  g_autoptr(GByteArray) updates = g_byte_array_new ();

  rdp_fastpath_write_update (updates, code, fragmentation, data, size);
  return rdp_fastpath_encode_output (updates->data, updates->len);
}

static guint32
pixel_at (RdpFramebuffer *fb,
          guint           x,
          guint           y)
{
  const guint8 *data = rdp_framebuffer_get_data (fb);

  return *(const guint32 *) (data + y * rdp_framebuffer_get_stride (fb) + x * 4);
}

static RdpActiveStageStatus
process (Fixture *f,
         GBytes  *pdu,
         GError **error)
{
  return rdp_active_stage_process (f->stage, pdu, f->responses, error);
}

static void
assert_raw_image (RdpFramebuffer *fb,
                  guint           x,
                  guint           y,
                  guint           width,
                  guint           height,
                  guint32         base)
{
  for (guint row = 0; row < height; row++)
    for (guint col = 0; col < width; col++)
      g_assert_cmphex (pixel_at (fb, x + col, y + row), ==, 0xff000000u | (base + col + 16 * row));
}

static void
test_surface_bits_raw (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GByteArray) cmd = raw_surface_bits (10, 20, 4, 3, 0x102030);
  g_autoptr(GBytes) pdu = fastpath_pdu (RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_SINGLE,
                                        cmd->data, cmd->len);
  g_autoptr(GError) error = NULL;
  RdpRect damage;

  /* a new framebuffer is black, and nothing changed yet */
  g_assert_false (rdp_framebuffer_take_damage (f->fb, &damage));
  g_assert_cmphex (pixel_at (f->fb, 0, 0), ==, 0xff000000u);

  g_assert_cmpint (process (f, pdu, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_no_error (error);
  assert_raw_image (f->fb, 10, 20, 4, 3, 0x102030);
  g_assert_cmphex (pixel_at (f->fb, 9, 20), ==, 0xff000000u);
  g_assert_true (rdp_framebuffer_take_damage (f->fb, &damage));
  g_assert_cmpuint (damage.x, ==, 10);
  g_assert_cmpuint (damage.y, ==, 20);
  g_assert_cmpuint (damage.width, ==, 4);
  g_assert_cmpuint (damage.height, ==, 3);
  g_assert_cmpuint (f->responses->len, ==, 0);
}

/* TS_SURFCMD_SET_SURFACE_BITS with an NSCodec bitmap ([MS-RDPNSC] 2.2.2:
 * raw planes, colour loss level 1, no subsampling, no alpha plane) of grey
 * pixels: luma x + 16 * y + base (top-down) for pixel (x, y), chroma 0. The
 * luma rows go bottom row first, as FreeRDP's encoder (Weston's RDP
 * backend) writes them. */
static GByteArray *
nscodec_surface_bits (guint  x,
                      guint  y,
                      guint  width,
                      guint  height,
                      guint8 base)
{
  GByteArray *out = g_byte_array_new ();
  guint plane = width * height;

  put_u16 (out, RDP_SURFCMD_SET_SURFACE_BITS);
  put_u16 (out, x);
  put_u16 (out, y);
  put_u16 (out, x + width);
  put_u16 (out, y + height);
  g_byte_array_append (out, (guint8[]) { 32, 0, 0, RDP_CODEC_ID_NSCODEC }, 4);
  put_u16 (out, width);
  put_u16 (out, height);
  put_u32 (out, 20 + 3 * plane);
  put_u32 (out, plane);                     /* LumaPlaneByteCount */
  put_u32 (out, plane);                     /* OrangeChromaPlaneByteCount */
  put_u32 (out, plane);                     /* GreenChromaPlaneByteCount */
  put_u32 (out, 0);                         /* AlphaPlaneByteCount */
  g_byte_array_append (out, (guint8[]) { 1, 0, 0, 0 }, 4);   /* ColorLossLevel, ChromaSubsamplingLevel */
  for (guint row = height; row-- > 0;)
    for (guint col = 0; col < width; col++)
      g_byte_array_append (out, (guint8[]) { base + col + 16 * row }, 1);
  for (guint i = 0; i < 2 * plane; i++)
    g_byte_array_append (out, (guint8[]) { 0 }, 1);
  return out;
}

/* NSCodec surface bits are bottom-up like raw ones: FreeRDP's client flips
 * them (gdi_surface_bits, FREERDP_FLIP_VERTICAL), and Weston, which encodes
 * with FreeRDP's nsc_compose_message, showed upside down otherwise. */
static void
test_surface_bits_nscodec (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GByteArray) cmd = nscodec_surface_bits (3, 5, 6, 4, 0x20);
  g_autoptr(GBytes) pdu = fastpath_pdu (RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_SINGLE,
                                        cmd->data, cmd->len);
  g_autoptr(GError) error = NULL;
  RdpRect damage;

  rdp_framebuffer_take_damage (f->fb, &damage);
  g_assert_cmpint (process (f, pdu, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_no_error (error);
  for (guint row = 0; row < 4; row++)
    for (guint col = 0; col < 6; col++)
      {
        guint32 v = 0x20 + col + 16 * row;

        g_assert_cmphex (pixel_at (f->fb, 3 + col, 5 + row), ==, 0xff000000u | v << 16 | v << 8 | v);
      }
  g_assert_cmphex (pixel_at (f->fb, 2, 5), ==, 0xff000000u);
  g_assert_true (rdp_framebuffer_take_damage (f->fb, &damage));
  g_assert_cmpuint (damage.x, ==, 3);
  g_assert_cmpuint (damage.y, ==, 5);
  g_assert_cmpuint (damage.width, ==, 6);
  g_assert_cmpuint (damage.height, ==, 4);
}

/* A surface command past the right and bottom edges is clipped. */
static void
test_surface_bits_clipped (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GByteArray) cmd = raw_surface_bits (62, 46, 4, 4, 0x0);
  g_autoptr(GBytes) pdu = fastpath_pdu (RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_SINGLE,
                                        cmd->data, cmd->len);
  g_autoptr(GError) error = NULL;
  RdpRect damage;

  rdp_framebuffer_take_damage (f->fb, &damage);
  g_assert_cmpint (process (f, pdu, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_no_error (error);
  assert_raw_image (f->fb, 62, 46, 2, 2, 0x0);
  g_assert_true (rdp_framebuffer_take_damage (f->fb, &damage));
  g_assert_cmpuint (damage.width, ==, 2);
  g_assert_cmpuint (damage.height, ==, 2);
}

/* One update in three fragments, in two PDUs, draws as one; fragments out
 * of order fail. */
static void
test_fragments (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GByteArray) cmd = raw_surface_bits (1, 2, 5, 5, 0xabc000);
  g_autoptr(GByteArray) updates = g_byte_array_new ();
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) rest = NULL;
  g_autoptr(GBytes) stray = NULL;
  g_autoptr(GError) error = NULL;
  gsize third = cmd->len / 3;

  rdp_fastpath_write_update (updates, RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_FIRST,
                             cmd->data, third);
  first = rdp_fastpath_encode_output (updates->data, updates->len);
  g_byte_array_set_size (updates, 0);
  rdp_fastpath_write_update (updates, RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_NEXT,
                             cmd->data + third, third);
  rdp_fastpath_write_update (updates, RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_LAST,
                             cmd->data + 2 * third, cmd->len - 2 * third);
  rest = rdp_fastpath_encode_output (updates->data, updates->len);

  g_assert_cmpint (process (f, first, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_no_error (error);
  g_assert_cmphex (pixel_at (f->fb, 1, 2), ==, 0xff000000u);    /* nothing yet */
  g_assert_cmpint (process (f, rest, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_no_error (error);
  assert_raw_image (f->fb, 1, 2, 5, 5, 0xabc000);

  /* a NEXT with no FIRST */
  stray = fastpath_pdu (RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_NEXT, cmd->data, 10);
  g_assert_cmpint (process (f, stray, &error), ==, RDP_ACTIVE_STAGE_TERMINATE);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
}

/* A server cannot make the client buffer more than it advertised for
 * reassembly: endless NEXT fragments fail at 8 MiB. */
static void
test_fragments_bounded (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree guint8 *chunk = g_malloc0 (32000);
  g_autoptr(GBytes) first = fastpath_pdu (RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_FIRST,
                                          chunk, 32000);
  g_autoptr(GBytes) next = fastpath_pdu (RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_NEXT,
                                         chunk, 32000);
  g_autoptr(GError) error = NULL;
  guint i;

  g_assert_cmpint (process (f, first, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  for (i = 0; i < 1000; i++)
    if (process (f, next, &error) != RDP_ACTIVE_STAGE_CONTINUE)
      break;
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_assert_cmpuint ((i + 1) * 32000, <=, RDP_ACTIVE_STAGE_MAX_REASSEMBLY + 32000);
  g_assert_cmpuint ((i + 2) * 32000, >, RDP_ACTIVE_STAGE_MAX_REASSEMBLY);
}

/* A bitmap larger than the desktop is refused before anything is
 * allocated for it. */
static void
test_surface_bits_too_large (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GByteArray) cmd = g_byte_array_new ();
  g_autoptr(GBytes) pdu = NULL;
  g_autoptr(GError) error = NULL;

  put_u16 (cmd, RDP_SURFCMD_SET_SURFACE_BITS);
  put_u16 (cmd, 0); put_u16 (cmd, 0); put_u16 (cmd, 65535); put_u16 (cmd, 65535);
  g_byte_array_append (cmd, (guint8[]) { 32, 0, 0, RDP_CODEC_ID_NONE }, 4);
  put_u16 (cmd, 65535);
  put_u16 (cmd, 65535);
  put_u32 (cmd, 4);
  put_u32 (cmd, 0);
  pdu = fastpath_pdu (RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_SINGLE, cmd->data, cmd->len);
  g_assert_cmpint (process (f, pdu, &error), ==, RDP_ACTIVE_STAGE_TERMINATE);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
}

static GBytes *
frame_marker (guint16 action,
              guint32 id)
{
  g_autoptr(GByteArray) cmd = g_byte_array_new ();

  put_u16 (cmd, RDP_SURFCMD_FRAME_MARKER);
  put_u16 (cmd, action);
  put_u32 (cmd, id);
  return fastpath_pdu (RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_SINGLE, cmd->data, cmd->len);
}

/* The end of a frame is acknowledged with its id (Frame Acknowledge PDU,
 * 2.2.3.1) when the server sent a Frame Acknowledge set, never otherwise. */
static void
test_frame_acknowledge (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) begin = frame_marker (RDP_SURFCMD_FRAMEACTION_BEGIN, 0x01020304);
  g_autoptr(GBytes) end = frame_marker (RDP_SURFCMD_FRAMEACTION_END, 0x01020304);
  g_autoptr(GError) error = NULL;
  RdpMcsDomainPdu mcs;
  RdpShareControlPdu share;
  RdpShareDataHeader header;
  RdpPduReader payload;
  GBytes *ack;
  guint32 id;

  g_assert_cmpint (process (f, end, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_cmpuint (f->responses->len, ==, 0);

  /* a stage for a server that asked for acknowledgements */
  rdp_active_stage_free (f->stage);
  f->result->frame_acknowledge = TRUE;
  f->stage = rdp_active_stage_new (f->result, f->fb, &error);
  g_assert_no_error (error);

  g_assert_cmpint (process (f, begin, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_cmpuint (f->responses->len, ==, 0);
  g_assert_cmpint (process (f, end, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_no_error (error);
  g_assert_cmpuint (f->responses->len, ==, 1);

  ack = g_ptr_array_index (f->responses, 0);
  g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (ack, NULL), g_bytes_get_size (ack),
                                            &mcs, &error));
  g_assert_cmpint (mcs.type, ==, RDP_MCS_SEND_DATA_REQUEST);
  g_assert_cmpuint (mcs.initiator, ==, USER_CHANNEL);
  g_assert_cmpuint (mcs.channel_id, ==, IO_CHANNEL);
  g_assert_true (rdp_share_control_decode (mcs.user_data, mcs.user_data_length, &share, &error));
  g_assert_true (rdp_share_data_read (&share, &header, &payload, &error));
  g_assert_cmpuint (header.share_id, ==, SHARE_ID);
  g_assert_cmpuint (header.pdu_type2, ==, 0x38);            /* PDUTYPE2_FRAME_ACKNOWLEDGE */
  g_assert_true (rdp_pdu_reader_read_u32le (&payload, &id, &error));
  g_assert_cmphex (id, ==, 0x01020304);
  g_assert_cmpuint (rdp_pdu_reader_remaining (&payload), ==, 0);
}

/* A slow-path PDU from the server: Send Data Indication on @channel with
 * the Share Control PDUs in @share. */
static GBytes *
indication (guint16       channel,
            const guint8 *share,
            gsize         length)
{
  RdpMcsDomainPdu pdu = {
    .type = RDP_MCS_SEND_DATA_INDICATION,
    .initiator = 1002,
    .channel_id = channel,
    .priority = RDP_MCS_PRIORITY_HIGH,
    .segmentation = RDP_MCS_SEGMENTATION_BEGIN | RDP_MCS_SEGMENTATION_END,
    .user_data = share,
    .user_data_length = length,
  };
  g_autoptr(GError) error = NULL;
  GBytes *bytes = rdp_mcs_encode_domain_pdu (&pdu, &error);

  g_assert_no_error (error);
  return bytes;
}

static GBytes *
share_data (RdpShareDataType type,
            const guint8    *payload,
            gsize            length)
{
  g_autoptr(GByteArray) share = g_byte_array_new ();
  RdpShareDataHeader header;

  rdp_share_data_header_init (&header, SHARE_ID, RDP_SHARE_STREAM_LOW, type, length);
  rdp_share_data_write (share, 1002, &header, payload, length);
  return indication (IO_CHANNEL, share->data, share->len);
}

static GBytes *
ultimatum (RdpMcsReason reason)
{
  RdpMcsDomainPdu pdu = { .type = RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM, .reason = reason };

  return rdp_mcs_encode_domain_pdu (&pdu, NULL);
}

/* Set Error Info, then the ultimatum: the session ends with the error
 * info's translated reason. */
static void
test_error_info (Fixture       *f,
                 gconstpointer  data)
{
  const guint8 info[4] = { 0x05, 0, 0, 0 };   /* ERRINFO_DISCONNECTED_BY_OTHERCONNECTION */
  g_autoptr(GBytes) set = share_data (RDP_SHARE_DATA_SET_ERROR_INFO, info, sizeof info);
  g_autoptr(GBytes) dpu = ultimatum (RDP_MCS_REASON_PROVIDER_INITIATED);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) io_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "gone");
  g_autoptr(GError) reason = NULL;

  g_assert_cmpint (process (f, set, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_no_error (error);
  /* a server that just closes the connection now */
  reason = rdp_active_stage_close_reason (f->stage, io_error);
  g_assert_error (reason, RDP_ERROR, RDP_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (reason->message, "Another user connected to the session"));

  g_assert_cmpint (process (f, dpu, &error), ==, RDP_ACTIVE_STAGE_TERMINATE);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (error->message, "Another user connected to the session"));
}

static void
test_ultimatum (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) dpu = ultimatum (RDP_MCS_REASON_PROVIDER_INITIATED);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) io_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "gone");
  g_autoptr(GError) reason = NULL;

  reason = rdp_active_stage_close_reason (f->stage, io_error);
  g_assert_error (reason, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_cmpint (process (f, dpu, &error), ==, RDP_ACTIVE_STAGE_TERMINATE);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (error->message, "Ultimatum"));
}

static void
test_error_info_strings (void)
{
  g_autofree char *logoff = rdp_error_info_to_string (0x2);
  g_autofree char *idle = rdp_error_info_to_string (0x3);
  g_autofree char *unknown = rdp_error_info_to_string (0x7777);

  g_assert_nonnull (strstr (logoff, "logged off by an administrator"));
  g_assert_nonnull (strstr (idle, "idle timeout"));
  g_assert_nonnull (strstr (unknown, "0x00007777"));
}

static void
test_deactivate_all (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GByteArray) share = g_byte_array_new ();
  RdpShareDeactivateAll deactivate = { .share_id = SHARE_ID };
  g_autoptr(GBytes) pdu = NULL;
  g_autoptr(GError) error = NULL;

  rdp_share_write_deactivate_all (share, 1002, &deactivate);
  pdu = indication (IO_CHANNEL, share->data, share->len);
  g_assert_cmpint (process (f, pdu, &error), ==, RDP_ACTIVE_STAGE_DEACTIVATE_ALL);
  g_assert_no_error (error);
}

/* A PDU on another channel (a virtual channel nobody handles) is ignored;
 * malformed PDUs and encrypted fast-path fail. */
static void
test_ignored_and_malformed (Fixture       *f,
                            gconstpointer  data)
{
  const guint8 junk[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  const guint8 encrypted[] = { 0x80, 0x04, 0x00, 0x00 };
  g_autoptr(GBytes) other = indication (1004, junk, sizeof junk);
  g_autoptr(GBytes) bad = indication (IO_CHANNEL, junk, sizeof junk);
  g_autoptr(GBytes) enc = g_bytes_new_static (encrypted, sizeof encrypted);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (process (f, other, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_no_error (error);
  g_assert_cmpint (process (f, bad, &error), ==, RDP_ACTIVE_STAGE_TERMINATE);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_cmpint (process (f, enc, &error), ==, RDP_ACTIVE_STAGE_TERMINATE);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED);
}

/* Pointer: hidden, default, a new 32 bpp pointer, then the cached one. */
static void
test_pointer (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) hidden = fastpath_pdu (RDP_FASTPATH_UPDATE_PTR_NULL, 0, NULL, 0);
  g_autoptr(GBytes) deflt = fastpath_pdu (RDP_FASTPATH_UPDATE_PTR_DEFAULT, 0, NULL, 0);
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GBytes) pointer = NULL;
  g_autoptr(GBytes) cached = NULL;
  g_autoptr(GBytes) unknown = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pixels = NULL;
  RdpPointerShape *shape;
  const guint32 *argb;

  g_assert_true (rdp_active_stage_get_pointer_visible (f->stage));
  g_assert_cmpint (process (f, hidden, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_no_error (error);
  g_assert_false (rdp_active_stage_get_pointer_visible (f->stage));
  g_assert_cmpint (rdp_active_stage_take_changes (f->stage), ==, RDP_ACTIVE_STAGE_POINTER_CHANGED);
  g_assert_cmpint (process (f, deflt, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_true (rdp_active_stage_get_pointer_visible (f->stage));
  g_assert_null (rdp_active_stage_get_pointer_shape (f->stage));

  /* TS_POINTERATTRIBUTE: xorBpp 32, cacheIndex 3, hotspot (1, 0), 2 x 2,
   * AND mask 2 rows of 2 bytes (all 0: opaque), XOR mask bottom-up */
  put_u16 (body, 32);
  put_u16 (body, 3);
  put_u16 (body, 1); put_u16 (body, 0);
  put_u16 (body, 2); put_u16 (body, 2);
  put_u16 (body, 4);        /* lengthAndMask */
  put_u16 (body, 16);       /* lengthXorMask */
  put_u32 (body, 0xff0000ff); put_u32 (body, 0xff00ff00);   /* bottom row */
  put_u32 (body, 0xffff0000); put_u32 (body, 0xffffffff);   /* top row */
  g_byte_array_append (body, (guint8[]) { 0, 0, 0, 0 }, 4);
  g_byte_array_append (body, (guint8[]) { 0 }, 1);          /* pad */
  pointer = fastpath_pdu (RDP_FASTPATH_UPDATE_POINTER, 0, body->data, body->len);
  g_assert_cmpint (process (f, pointer, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_no_error (error);
  shape = rdp_active_stage_get_pointer_shape (f->stage);
  g_assert_nonnull (shape);
  g_assert_cmpuint (rdp_pointer_shape_get_width (shape), ==, 2);
  g_assert_cmpuint (rdp_pointer_shape_get_hotspot_x (shape), ==, 1);
  pixels = rdp_pointer_shape_get_pixels (shape);
  argb = g_bytes_get_data (pixels, NULL);
  g_assert_cmphex (argb[0], ==, 0xffff0000u);    /* top-left: red */
  g_assert_cmphex (argb[2], ==, 0xff0000ffu);    /* bottom-left: blue */

  g_assert_cmpint (process (f, deflt, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  cached = fastpath_pdu (RDP_FASTPATH_UPDATE_CACHED, 0, (guint8[]) { 3, 0 }, 2);
  g_assert_cmpint (process (f, cached, &error), ==, RDP_ACTIVE_STAGE_CONTINUE);
  g_assert_no_error (error);
  g_assert_true (rdp_active_stage_get_pointer_shape (f->stage) == shape);

  unknown = fastpath_pdu (RDP_FASTPATH_UPDATE_CACHED, 0, (guint8[]) { 4, 0 }, 2);
  g_assert_cmpint (process (f, unknown, &error), ==, RDP_ACTIVE_STAGE_TERMINATE);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
}

/* What the client sends: input (fast-path when the server takes it, else
 * a slow-path Input PDU), Refresh Rect, Suppress Output, the ultimatum. */
static void
test_encoders (Fixture       *f,
               gconstpointer  data)
{
  RdpInputEvent event;
  g_autoptr(GBytes) fast = NULL;
  g_autoptr(GBytes) slow = NULL;
  g_autoptr(GBytes) refresh = NULL;
  g_autoptr(GBytes) suppress = NULL;
  g_autoptr(GBytes) dpu = NULL;
  g_autoptr(GError) error = NULL;
  RdpRect rect = { 1, 2, 10, 20 };
  RdpMcsDomainPdu mcs;
  RdpShareControlPdu share;
  RdpShareDataHeader header;
  RdpPduReader payload;
  const guint8 *p;

  rdp_input_event_init_scancode (&event, 0x1e, TRUE);
  fast = rdp_active_stage_encode_input (f->stage, &event, 1);
  g_assert_cmphex (((const guint8 *) g_bytes_get_data (fast, NULL))[0] & 3, ==, 0);

  rdp_active_stage_free (f->stage);
  f->result->input_flags = 0x0001;
  f->stage = rdp_active_stage_new (f->result, f->fb, &error);
  slow = rdp_active_stage_encode_input (f->stage, &event, 1);
  g_assert_cmphex (((const guint8 *) g_bytes_get_data (slow, NULL))[0], ==, 3);    /* TPKT */

  refresh = rdp_active_stage_encode_refresh_rect (f->stage, &rect);
  g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (refresh, NULL), g_bytes_get_size (refresh),
                                            &mcs, &error));
  g_assert_true (rdp_share_control_decode (mcs.user_data, mcs.user_data_length, &share, &error));
  g_assert_true (rdp_share_data_read (&share, &header, &payload, &error));
  g_assert_cmpuint (header.pdu_type2, ==, RDP_SHARE_DATA_REFRESH_RECT);
  g_assert_cmpuint (rdp_pdu_reader_remaining (&payload), ==, 12);
  p = rdp_pdu_reader_peek_ptr (&payload);
  /* one area, (1, 2)-(10, 21) inclusive */
  g_assert_cmpmem (p, 12, ((guint8[]) { 1, 0, 0, 0, 1, 0, 2, 0, 10, 0, 21, 0 }), 12);

  suppress = rdp_active_stage_encode_suppress_output (f->stage, TRUE);
  g_assert_nonnull (suppress);
  rdp_active_stage_free (f->stage);
  f->result->suppress_output = FALSE;
  f->stage = rdp_active_stage_new (f->result, f->fb, &error);
  g_assert_null (rdp_active_stage_encode_suppress_output (f->stage, TRUE));

  dpu = rdp_active_stage_encode_disconnect (f->stage);
  g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (dpu, NULL), g_bytes_get_size (dpu),
                                            &mcs, &error));
  g_assert_cmpint (mcs.type, ==, RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM);
  g_assert_cmpint (mcs.reason, ==, RDP_MCS_REASON_USER_REQUESTED);
}

static void
test_framebuffer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdpFramebuffer) fb = rdp_framebuffer_new (8, 4, &error);
  g_autoptr(GBytes) area = NULL;
  g_autoptr(GBytes) pixels = NULL;
  guint32 px[2] = { 0xff112233, 0xff445566 };
  RdpRect damage, r1 = { 1, 1, 2, 1 }, r2 = { 5, 3, 10, 10 };

  g_assert_no_error (error);
  g_assert_null (rdp_framebuffer_new (0, 4, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (rdp_framebuffer_new (RDP_FRAMEBUFFER_MAX_SIDE + 1, 4, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_cmpuint (rdp_framebuffer_get_stride (fb), ==, 32);
  rdp_framebuffer_take_damage (fb, &damage);
  rdp_framebuffer_blit (fb, 7, 3, (const guint8 *) px, 8, 2, 1);   /* clipped to 1 pixel */
  g_assert_true (rdp_framebuffer_take_damage (fb, &damage));
  g_assert_cmpuint (damage.x, ==, 7);
  g_assert_cmpuint (damage.width, ==, 1);
  area = rdp_framebuffer_copy_area (fb, 6, 3, 100, 100);
  g_assert_cmpuint (g_bytes_get_size (area), ==, 8);
  g_assert_cmphex (((const guint32 *) g_bytes_get_data (area, NULL))[1], ==, 0xff112233);
  g_clear_pointer (&area, g_bytes_unref);
  area = rdp_framebuffer_copy_area (fb, 8, 0, 1, 1);
  g_assert_cmpuint (g_bytes_get_size (area), ==, 0);

  /* the damage is the bounding box of what changed, clipped */
  rdp_framebuffer_add_damage (fb, &r1);
  rdp_framebuffer_add_damage (fb, &r2);
  g_assert_true (rdp_framebuffer_take_damage (fb, &damage));
  g_assert_cmpuint (damage.x, ==, 1);
  g_assert_cmpuint (damage.y, ==, 1);
  g_assert_cmpuint (damage.width, ==, 7);
  g_assert_cmpuint (damage.height, ==, 3);

  g_assert_true (rdp_framebuffer_resize (fb, 3, 2, &error));
  /* a resize damages all of it */
  g_assert_true (rdp_framebuffer_take_damage (fb, &damage));
  g_assert_cmpuint (damage.width, ==, 3);
  g_assert_cmpuint (damage.height, ==, 2);
  pixels = rdp_framebuffer_get_pixels (fb);
  g_assert_cmpuint (g_bytes_get_size (pixels), ==, 3 * 2 * 4);
  g_assert_cmphex (((const guint32 *) g_bytes_get_data (pixels, NULL))[5], ==, 0xff000000);
}

/* The stage resizes the framebuffer to its result's desktop. */
static void
test_stage_resizes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdpFramebuffer) fb = rdp_framebuffer_new (8, 4, &error);
  RdpConnectionResult *result = make_result (20, 10);
  RdpActiveStage *stage = rdp_active_stage_new (result, fb, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rdp_framebuffer_get_width (fb), ==, 20);
  g_assert_cmpuint (rdp_framebuffer_get_height (fb), ==, 10);
  rdp_active_stage_free (stage);
  result->desktop_width = 0;
  g_assert_null (rdp_active_stage_new (result, fb, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  rdp_connection_result_unref (result);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/session/surface-bits/raw", test_surface_bits_raw);
  ADD ("/session/surface-bits/clipped", test_surface_bits_clipped);
  ADD ("/session/surface-bits/nscodec", test_surface_bits_nscodec);
  ADD ("/session/surface-bits/too-large", test_surface_bits_too_large);
  ADD ("/session/fast-path/fragments", test_fragments);
  ADD ("/session/fast-path/fragments-bounded", test_fragments_bounded);
  ADD ("/session/frame-acknowledge", test_frame_acknowledge);
  ADD ("/session/error-info", test_error_info);
  ADD ("/session/ultimatum", test_ultimatum);
  ADD ("/session/deactivate-all", test_deactivate_all);
  ADD ("/session/ignored-and-malformed", test_ignored_and_malformed);
  ADD ("/session/pointer", test_pointer);
  ADD ("/session/encoders", test_encoders);
#undef ADD
  g_test_add_func ("/session/error-info-strings", test_error_info_strings);
  g_test_add_func ("/session/framebuffer", test_framebuffer);
  g_test_add_func ("/session/stage-resizes", test_stage_resizes);

  return g_test_run ();
}
